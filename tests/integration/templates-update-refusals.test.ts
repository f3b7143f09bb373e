import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * update_template checks Meta's edit rules (reference §1.10) before it calls EUM Social, and names the field or the
 * template's state when EUM (Meta behind it) refuses an edit: 409 when the state forbids it, 400 per field otherwise.
 */
let eum: EumStandin;
let templates: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => templates({ action, ...body }, lambdaContext);
const body = (text: string) => [{ type: 'BODY', text }];
const edited = (text: string) => body(text);

/** A template in the stand-in in the given state, as Meta would hold it. */
function seeded(name: string, status: string, category = 'UTILITY') {
  const id = seedApprovedTemplate(eum, { name, language: 'en_US', category, components: body('Your parcel is on its way.') });
  const t = eum.templates.templates.get(id)!;
  t.status = status;
  return t;
}

describe('update_template: what the template state decides before EUM', () => {
  it.each(['PENDING', 'DISABLED', 'IN_APPEAL'])('a %s template is a 409 naming the state; EUM is not asked and nothing changes', async (status) => {
    const t = seeded(`parcel_${status.toLowerCase()}`, status);
    const res = await call('update_template', { name: t.name, language: 'en_US', components: edited('Your parcel has shipped.') });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 409, status });
    expect(res.error).toContain(`is ${status}`);
    expect(res.error).toContain('APPROVED, REJECTED or PAUSED');
    // Our own check, not EUM's refusal relayed.
    expect(res.error).not.toContain('#2388025');
    expect(t.components).toEqual(body('Your parcel is on its way.'));
  });

  it("an approved template's category change is a 409 naming the state and the `category` field", async () => {
    const t = seeded('parcel_category', 'APPROVED');
    const res = await call('update_template', { name: t.name, language: 'en_US', category: 'MARKETING' });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 409, status: 'APPROVED', fields: [{ field: 'category', reason: expect.stringContaining('category is fixed (UTILITY)') }] });
    expect(t).toMatchObject({ category: 'UTILITY', status: 'APPROVED', approvedEdits: [] });
  });

  it('a rejected template may change category and components: it is reviewed again', async () => {
    const t = seeded('parcel_rejected', 'REJECTED');
    const res = await call('update_template', { name: t.name, language: 'en_US', category: 'MARKETING', components: edited('Your parcel has shipped.') });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 200 });
    // The stand-in reviews at once in tests: PENDING, or already the new verdict; never the old REJECTED.
    expect(['PENDING', 'APPROVED']).toContain(res.status);
    expect(t).toMatchObject({ category: 'MARKETING', components: edited('Your parcel has shipped.') });
  });

  it('components over 3,000 bytes of JSON are a 400 naming `components`; component rules name the component', async () => {
    const t = seeded('parcel_big', 'PAUSED');
    const long = 'https://example.com/' + 'a'.repeat(1900);
    const big = [...body('Your parcel is on its way.'), { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: long }, { type: 'URL', text: 'Help', url: long }] }];
    const res = await call('update_template', { name: t.name, language: 'en_US', components: big });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 400, fields: [{ field: 'components', reason: expect.stringContaining('at most 3000 bytes') }] });

    const noBody = await call('update_template', { name: t.name, language: 'en_US', components: [{ type: 'FOOTER', text: 'no body' }] });
    expect(noBody).toMatchObject({ statusCode: 400 });
    expect(noBody.fields[0].field).toMatch(/^components/);
    expect(t).toMatchObject({ status: 'PAUSED', components: body('Your parcel is on its way.') });
  });
});

describe("update_template: EUM's refusals name the field or the state", () => {
  it("Meta's edit limit on an approved template (edited within 24 h) is a 409 naming APPROVED and the limit", async () => {
    const t = seeded('parcel_limit', 'APPROVED');
    t.approvedEdits.push(Date.now() - 60_000);
    const res = await call('update_template', { name: t.name, language: 'en_US', components: edited('Your parcel has shipped.') });
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 409, status: 'APPROVED', fields: [{ field: 'components' }] });
    expect(res.error).toContain('once per 24 hours');
    expect(res.error).toContain('#2388027');
    expect(t.components).toEqual(body('Your parcel is on its way.'));
  });
});
