import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { putObject } from './helpers/s3';
import { getItem } from './helpers/table';
import { eventsOf } from './helpers/templates';

/**
 * The template lifecycle as a user lives it: create (checked against Meta's rules first) → PENDING → Meta's verdict
 * arrives as a webhook through ingest → send it to a customer who never wrote → edit → delete. Everything goes
 * through the real SDK to the EUM stand-in and lands in DynamoDB Local.
 */
let eum: EumStandin;
let published: string[];
let templates: Invoke;
let messaging: Invoke;
let ingest: Invoke;

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => {
  published.length = 0;
});

const call = (action: string, body: Record<string, unknown> = {}) => templates({ action, ...body }, lambdaContext);
/** Lets the stand-in finish Meta's review and delivers what it published to ingest. */
async function reviewAndIngest(): Promise<void> {
  await eum.idle();
  for (const body of published.splice(0)) await ingest(snsEvent(snsRecord(body)));
}
const tplKey = (name: string, language = 'en_US') => `TEMPLATE#${DEMO_WABA.wabaId}#${name}#${language}`;

const welcome = {
  name: 'welcome_named',
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'named',
  components: [
    { type: 'BODY', text: 'Hello {{first_name}}, your order is ready.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }, { type: 'QUICK_REPLY', text: 'Stop' }] },
  ],
};

describe('template lifecycle', () => {
  it('creates PENDING, turns APPROVED through ingest, sends to a customer who never wrote, and refuses a wrong call', async () => {
    const created = await call('create_template', welcome);
    expect(created).toMatchObject({ statusCode: 200, status: 'PENDING', category: 'UTILITY', name: 'welcome_named' });
    expect(created.metaTemplateId).toMatch(/^\d+$/);
    expect(await getItem(tplKey('welcome_named'))).toMatchObject({ status: 'PENDING', metaTemplateId: created.metaTemplateId, parameterFormat: 'NAMED' });

    await reviewAndIngest();
    const approved = eventsOf(eum, 'message_template_status_update');
    expect(approved.map((e) => e.value.event)).toEqual(['APPROVED']);
    expect(await getItem(tplKey('welcome_named'))).toMatchObject({ status: 'APPROVED' });
    const local = await call('get_local_templates', { status: 'APPROVED' });
    expect(local.templates.map((t: { templateName: string }) => t.templateName)).toContain('welcome_named');

    const sent = await messaging(
      { action: 'send_template', to: '+15559990001', name: 'welcome_named', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }] }] },
      lambdaContext,
    );
    expect(sent).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(eum.sends.at(-1)!.message.template).toMatchObject({ name: 'welcome_named' });

    const sendsBefore = eum.sends.length;
    const wrong = await messaging({ action: 'send_template', to: '+15559990001', name: 'welcome_named', language: 'en_US' }, lambdaContext);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.error).toContain('BODY expects 1 named parameter');
    expect(wrong.error).toContain('first_name');
    const wrongName = await messaging(
      { action: 'send_template', to: '+15559990001', name: 'welcome_named', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'name' }] }] },
      lambdaContext,
    );
    expect(wrongName).toMatchObject({ statusCode: 400 });
    expect(wrongName.fields[0]).toMatchObject({ field: 'components.0.parameters' });
    expect(eum.sends.length).toBe(sendsBefore);
  });

  it('a policy breach is REJECTED with its reason, and sending it is a 400 that says so', async () => {
    const body = { ...welcome, name: 'lottery_news', components: [{ type: 'BODY', text: 'You have won the lottery, claim it today!' }] };
    expect(await call('create_template', body)).toMatchObject({ statusCode: 200, status: 'PENDING' });
    await reviewAndIngest();
    expect(await getItem(tplKey('lottery_news'))).toMatchObject({ status: 'REJECTED', statusDetails: { reason: 'SCAM' } });
    const res = await messaging({ action: 'send_template', to: '+15559990002', name: 'lottery_news', language: 'en_US' }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 400 });
    expect(res.error).toContain('is REJECTED');
  });

  it('sending a template that does not exist is a 404 naming the templates there are', async () => {
    const res = await messaging({ action: 'send_template', to: '+15559990003', name: 'no_such_template', language: 'en_US' }, lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('no_such_template (en_US) does not exist');
    expect(res.validChoices.map((c: { name: string }) => c.name)).toContain('welcome_named');
  });

  it("edits an approved template (PENDING again, then APPROVED) and Meta's once-a-day edit limit comes back as 409 naming APPROVED", async () => {
    const components = [{ type: 'BODY', text: 'Hi {{first_name}}, your order is ready for pickup.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } }];
    const eventsBefore = eventsOf(eum, 'message_template_status_update').length;
    const res = await call('update_template', { name: 'welcome_named', language: 'en_US', components });
    expect(res).toMatchObject({ statusCode: 200, name: 'welcome_named' });
    await reviewAndIngest();
    // Every edit is reviewed again: one more verdict was published.
    expect(eventsOf(eum, 'message_template_status_update').slice(eventsBefore).map((e) => e.value.event)).toEqual(['APPROVED']);
    const got = await call('get_template', { name: 'welcome_named', language: 'en_US' });
    expect(got.template).toMatchObject({ status: 'APPROVED', components });
    expect(await getItem(tplKey('welcome_named'))).toMatchObject({ status: 'APPROVED', definition: { components } });

    const again = await call('update_template', { name: 'welcome_named', language: 'en_US', components });
    expect(again).toMatchObject({ statusCode: 409, status: 'APPROVED', fields: [{ field: 'components' }] });
    expect(again.error).toContain('once per 24 hours');
  });

  it('lists from EUM with filters, and refresh_templates reports what changed since the last sync', async () => {
    const all = await call('get_templates');
    expect(all.templates.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['hello_world', 'welcome_named', 'lottery_news']));
    const rejected = await call('get_templates', { status: 'rejected' });
    expect(rejected.templates.map((t: { name: string }) => t.name)).toEqual(['lottery_news']);

    const first = await call('refresh_templates');
    expect(first).toMatchObject({ statusCode: 200, firstSync: true, count: all.total });
    expect(await getItem(`TEMPLATES#${DEMO_WABA.id}`)).toMatchObject({ itemType: 'TEMPLATE' });
    expect(await getItem(tplKey('hello_world'))).toMatchObject({ status: 'APPROVED', definition: { name: 'hello_world' } });

    eum.templates.byNameAndLanguage('welcome_named', 'en_US')!.qualityScore = 'YELLOW';
    const second = await call('refresh_templates');
    expect(second).toMatchObject({ firstSync: false, added: [], removed: [] });
    expect(second.changed).toEqual([{ name: 'welcome_named', language: 'en_US', changes: { qualityScore: { from: 'UNKNOWN', to: 'YELLOW' } } }]);
    const quality = await call('get_template_quality', { name: 'welcome_named' });
    expect(quality.templates[0]).toMatchObject({ qualityScore: 'YELLOW' });
  });

  it('deletes one language; the stored item is kept, marked DELETED, and sending it is a 404', async () => {
    const res = await call('delete_template', { name: 'welcome_named', language: 'en_US' });
    expect(res).toMatchObject({ statusCode: 200, deletedLanguages: ['en_US'] });
    expect(eum.templates.byName('welcome_named')).toEqual([]);
    expect(await getItem(tplKey('welcome_named'))).toMatchObject({ status: 'DELETED', definition: { name: 'welcome_named' } });
    const send = await messaging({ action: 'send_template', to: '+15559990004', name: 'welcome_named', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }] }] }, lambdaContext);
    expect(send.statusCode).toBe(404);
    const missing = await call('delete_template', { name: 'welcome_named', language: 'en_US' });
    expect(missing.statusCode).toBe(404);
  });

  it('uploads a header sample from the media bucket and creates an IMAGE-header marketing template', async () => {
    await putObject('uploads/header.png', Buffer.from('89504e470d0a1a0a', 'hex'), 'image/png');
    const res = await call('create_marketing_template', {
      name: 'summer_sale',
      language: 'en_US',
      headerS3Key: 'uploads/header.png',
      components: [
        { type: 'header', format: 'image' },
        { type: 'body', text: 'Hi {{1}}, our summer sale starts today.', example: { body_text: [['Ana']] } },
        { type: 'buttons', buttons: [{ type: 'URL', text: 'Shop now', url: 'https://shop.example.com/{{1}}', example: ['https://shop.example.com/summer'] }] },
      ],
    });
    expect(res).toMatchObject({ statusCode: 200, category: 'MARKETING', status: 'PENDING' });
    const header = eum.templates.byNameAndLanguage('summer_sale', 'en_US')!.components[0] as { example: { header_handle: string[] } };
    expect(header.example.header_handle[0]).toMatch(/^4::/);
  });
});

describe('create_template refuses what Meta would, naming component, field and rule', () => {
  const base = { name: 'bad_template', language: 'en_US', category: 'UTILITY' };
  it.each([
    ['a variable starts the body', [{ type: 'BODY', text: '{{1}} is ready', example: { body_text: [['x']] } }], 'components.0.text', 'may not start or end'],
    ['a variable without example', [{ type: 'BODY', text: 'Hi {{1}}, ready' }], 'components.0.example.body_text', 'needs an example'],
    ['numbering with a gap', [{ type: 'BODY', text: 'Hi {{1}} and {{3}} ok', example: { body_text: [['a', 'b']] } }], 'components.0.text', 'without gaps'],
    ['a body over 1,024 characters', [{ type: 'BODY', text: 'x'.repeat(1025) }], 'components.0.text', '1,024'],
    ['a header over 60 characters', [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, { type: 'BODY', text: 'ok' }], 'components.0.text', '60'],
    ['a footer with a variable', [{ type: 'BODY', text: 'ok' }, { type: 'FOOTER', text: 'bye {{1}}' }], 'components.1.text', 'no variables'],
    ['11 buttons', [{ type: 'BODY', text: 'ok' }, { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `b${i}` })) }], 'components.1.buttons', 'at most 10'],
    ['quick replies split', [{ type: 'BODY', text: 'ok' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'a' }, { type: 'URL', text: 'u', url: 'https://e.com' }, { type: 'QUICK_REPLY', text: 'b' }] }], 'components.1.buttons', 'grouped'],
    ['a URL variable not at the end', [{ type: 'BODY', text: 'ok' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'u', url: 'https://e.com/{{1}}/x', example: ['https://e.com/a/x'] }] }], 'components.1.buttons.0.url', 'at the end'],
    ['no body', [{ type: 'FOOTER', text: 'just a footer' }], 'components', 'exactly one BODY'],
    ['an image header without sample', [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'ok' }], 'components.0.example.header_handle', 'headerS3Key'],
  ])('%s', async (_name, components, field, reason) => {
    const before = eum.templates.all().length;
    const res = await call('create_template', { ...base, components });
    expect(res.statusCode).toBe(400);
    expect(res.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason: expect.stringContaining(reason) })]));
    expect(eum.templates.all().length).toBe(before);
  });

  it('an unknown category or component type is a 400 listing the valid ones', async () => {
    const res = await call('create_template', { ...base, category: 'PROMO', components: [{ type: 'BODY', text: 'ok' }] });
    expect(res.statusCode).toBe(400);
    expect(res.fields[0]).toMatchObject({ field: 'category', reason: expect.stringContaining('MARKETING, UTILITY, AUTHENTICATION') });
  });

  it('an AUTHENTICATION template needs its one OTP button and no body text', async () => {
    const res = await call('create_template', { ...base, category: 'AUTHENTICATION', components: [{ type: 'BODY', text: 'Your code' }] });
    expect(res.statusCode).toBe(400);
    expect(res.fields.map((f: { field: string }) => f.field)).toContain('components.0.text');
    const ok = await call('create_template', {
      ...base,
      name: 'login_code',
      category: 'AUTHENTICATION',
      components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }],
    });
    expect(ok).toMatchObject({ statusCode: 200, category: 'AUTHENTICATION' });
  });
});

describe('template library', () => {
  it('browses with filters and creates from a library template, which is approved at once', async () => {
    const lib = await call('get_template_library', { topic: 'ORDER_MANAGEMENT' });
    expect(lib.templates.map((t: { templateName: string }) => t.templateName)).toEqual(['delivery_update_1']);
    const missingButton = await call('use_library_template', { name: 'my_delivery', libraryTemplateName: 'delivery_update_1', language: 'en_US' });
    expect(missingButton.statusCode).toBe(400);
    expect(missingButton.error).toContain('URL button input');
    const res = await call('use_library_template', {
      name: 'my_delivery',
      libraryTemplateName: 'delivery_update_1',
      language: 'en_US',
      buttonInputs: [{ type: 'URL', url: { base_url: 'https://track.example.com/{{1}}' } }],
    });
    expect(res).toMatchObject({ statusCode: 200, status: 'APPROVED', category: 'UTILITY' });
    expect(await getItem(tplKey('my_delivery'))).toMatchObject({ status: 'APPROVED', definition: { library_template_name: 'delivery_update_1' } });
  });

  it('an unknown library filter value finds nothing; a bad limit is a 400', async () => {
    expect(await call('get_template_library', { industry: 'AEROSPACE' })).toMatchObject({ statusCode: 200, count: 0 });
    expect(await call('get_template_library', { limit: 0 })).toMatchObject({ statusCode: 400 });
  });
});

describe("the seed's template names", () => {
  it('templates / get_templates_meta list, sync_templates_meta syncs, edit_template_meta validates like update_template', async () => {
    for (const name of ['templates', 'get_templates_meta']) {
      const res = await call(name, { status: 'APPROVED' });
      expect(res).toMatchObject({ statusCode: 200, operation: name });
      expect(res.templates.map((t: { name: string }) => t.name)).toContain('hello_world');
    }
    expect(await call('sync_templates_meta', { definitions: false })).toMatchObject({ statusCode: 200, firstSync: false });
    const bad = await call('edit_template_meta', { name: 'hello_world', language: 'en_US', components: [{ type: 'FOOTER', text: 'no body' }] });
    expect(bad).toMatchObject({ statusCode: 400 });
    expect(bad.fields[0]).toMatchObject({ field: 'components', reason: expect.stringContaining('exactly one BODY') });
  });
});
