import { expect } from 'vitest';
import type { EumStandin } from '../../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../../helpers/events';
import { getItem } from './table';
import { seedApprovedTemplate } from './templates';

/** The harness of the template-shortcut tests: seed a template, send, assert what a user would see. */
/** `standin` and `templates` are read when called: a test file starts them in its beforeAll. */
export function templateSendHarness(standin: () => EumStandin, templates: () => Invoke, firstCustomer: number) {
  let customer = firstCustomer;
  const nextCustomer = () => `+${++customer}`;
  const call = (action: string, body: Record<string, unknown>) => templates()({ action, ...body }, lambdaContext);

  const seed = (name: string, category: string, components: unknown[], parameterFormat?: 'NAMED' | 'POSITIONAL') =>
    seedApprovedTemplate(standin(), { name, language: 'en_US', category, components, parameterFormat });

  /** 200, the exact template payload at EUM, the stored OUTBOUND message carrying it. */
  async function sendsExactly(action: string, body: Record<string, unknown>, components: unknown[]) {
    const to = nextCustomer();
    const before = standin().sends.length;
    const res = await call(action, { to, language: 'en_US', ...body });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(standin().sends.length).toBe(before + 1);
    const sent = standin().sends.at(-1)!.message;
    expect(sent).toMatchObject({ messaging_product: 'whatsapp', to, type: 'template' });
    expect(sent.template).toEqual({ name: body.name, language: { code: 'en_US' }, components });
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ type: 'template', direction: 'OUTBOUND', payload: { template: { name: body.name, components } } });
    return res;
  }

  /** A refusal: the status, the field named, words of the reason; nothing reaches EUM. */
  async function refuses(action: string, body: Record<string, unknown>, status: number, field: string | undefined, words: string) {
    const before = standin().sends.length;
    const res = await call(action, { to: nextCustomer(), language: 'en_US', ...body });
    expect(res.statusCode, JSON.stringify(res)).toBe(status);
    if (field) expect(res.fields?.map((f: { field: string }) => f.field), JSON.stringify(res)).toContain(field);
    expect(res.error).toContain(words);
    expect(standin().sends.length).toBe(before);
    return res;
  }

  return { call, seed, sendsExactly, refuses };
}

export const text = (t: string) => ({ type: 'text', text: t });
