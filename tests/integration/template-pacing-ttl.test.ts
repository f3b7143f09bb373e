import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeBody } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * get_template_pacing derives Meta's pacing state from what syncs and template webhooks stored (EUM exposes none):
 * a template Meta has not rated is new and may be paced, a GREEN one is not, a paused one drops its held sends, one
 * resumed after a pause is paced again.
 */
let eum: EumStandin;
let templates: Invoke;
let ingest: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => templates({ action, ...body }, lambdaContext);
const body = [{ type: 'BODY', text: 'Spring sale: 20% off everything this week.' }];

/** Meta's status webhook, `secondsLater` after now (after the sync, whose state it must override). */
async function statusWebhook(name: string, event: string, secondsLater: number, extra: Record<string, unknown> = {}) {
  const t = eum.templates.byNameAndLanguage(name, 'en_US')!;
  const value = { event, message_template_id: Number(t.id), message_template_name: name, message_template_language: 'en_US', reason: 'NONE', ...extra };
  const envelope = envelopeBody({ field: 'message_template_status_update', value, timestamp: new Date(Date.now() + secondsLater * 1000) });
  await ingest(snsEvent(snsRecord(envelope)));
}

describe('get_template_pacing', () => {
  it('derives the pacing state of each marketing and utility template from stored status, quality and pauses', async () => {
    seedApprovedTemplate(eum, { name: 'tp_new_promo', language: 'en_US', category: 'MARKETING', components: body });
    seedApprovedTemplate(eum, { name: 'tp_green_promo', language: 'en_US', category: 'MARKETING', components: body });
    seedApprovedTemplate(eum, { name: 'tp_resumed_promo', language: 'en_US', category: 'MARKETING', components: body });
    seedApprovedTemplate(eum, { name: 'tp_paused_receipt', language: 'en_US', category: 'UTILITY', components: body });
    seedApprovedTemplate(eum, { name: 'tp_plain_receipt', language: 'en_US', category: 'UTILITY', components: body });
    eum.templates.byNameAndLanguage('tp_new_promo', 'en_US')!.qualityScore = 'UNKNOWN';
    expect(await call('refresh_templates')).toMatchObject({ statusCode: 200 });
    await statusWebhook('tp_resumed_promo', 'PAUSED', 1, { other_info: { title: 'FIRST_PAUSE', description: 'Paused for 3 hours' } });
    await statusWebhook('tp_resumed_promo', 'APPROVED', 2);
    await statusWebhook('tp_paused_receipt', 'PAUSED', 3, { other_info: { title: 'FIRST_PAUSE' } });

    const res = await call('get_template_pacing');
    expect(res).toMatchObject({ statusCode: 200 });
    expect(res.source).toContain('EUM Social exposes no pacing state');
    const byName = Object.fromEntries(res.templates.map((t: { name: string }) => [t.name, t]));
    expect(byName.tp_new_promo).toMatchObject({ pacing: 'MAY_BE_PACED', reasons: ['new: Meta has not rated its quality yet'] });
    expect(byName.tp_green_promo).toMatchObject({ pacing: 'NOT_PACED', reasons: [], qualityScore: 'GREEN' });
    expect(byName.tp_resumed_promo).toMatchObject({ pacing: 'MAY_BE_PACED', pauses: [{ title: 'FIRST_PAUSE' }] });
    expect(byName.tp_resumed_promo.reasons[0]).toContain('resumed after a pause');
    expect(byName.tp_paused_receipt).toMatchObject({ pacing: 'PAUSED', status: 'PAUSED' });
    expect(byName.tp_plain_receipt).toMatchObject({ pacing: 'NOT_APPLICABLE' });
    expect(byName.hello_world).toMatchObject({ pacing: 'NOT_APPLICABLE', category: 'UTILITY' });
  });

  it('one template by name; an unknown name is a 404 listing the stored ones; a bad name a 400', async () => {
    const one = await call('get_template_pacing', { template_name: 'tp_green_promo' });
    expect(one).toMatchObject({ statusCode: 200, count: 1, templates: [{ name: 'tp_green_promo', pacing: 'NOT_PACED' }] });
    const unknown = await call('get_template_pacing', { name: 'tp_nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.validChoices.map((c: { name: string }) => c.name)).toContain('tp_green_promo');
    const bad = await call('get_template_pacing', { name: 'Bad Name' });
    expect(bad).toMatchObject({ statusCode: 400, fields: [{ field: 'name' }] });
  });
});
