import { SendWhatsAppMessageCommand, SocialMessagingClient, SocialMessagingServiceException } from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { startEumStandin, type EumStandin } from '../../local/standins/eum/server';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * Payloads that skip our own validation, sent raw through the real SDK: the EUM stand-in refuses them as Meta
 * would, with a ValidationException carrying Meta's error code, and records no send.
 */

let standin: EumStandin;
let permissive: EumStandin;
let client: SocialMessagingClient;

beforeAll(async () => {
  standin = await startEumStandin({ port: 0, statusDelayMs: 1 });
  permissive = await startEumStandin({ port: 0, statusDelayMs: 1, messageValidators: {} });
  client = new SocialMessagingClient({ endpoint: standin.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await Promise.all([standin.close(), permissive.close()]);
});
beforeEach(() => standin.reset());

const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+15551234567' };
const raw = (message: Record<string, unknown>, c = client) =>
  c.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: new TextEncoder().encode(JSON.stringify(message)), metaApiVersion: 'v23.0' }));

async function rejection(message: Record<string, unknown>): Promise<SocialMessagingServiceException> {
  const error = await raw(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the stand-in accepted it').toBeInstanceOf(SocialMessagingServiceException);
  return error as SocialMessagingServiceException;
}

const reply = (id: string, title = id) => ({ type: 'reply', reply: { id, title } });
const buttons = (list: unknown[]) => ({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: list } } });
const rows = (n: number, p = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${p}${i}`, title: `Row ${i}` }));
const list = (sections: unknown[]) => ({ type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections } } });
const flow = (parameters: Record<string, unknown>) => ({
  type: 'interactive',
  interactive: { type: 'flow', body: { text: 'Go' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Start', ...parameters } } },
});
const template = (t: Record<string, unknown>) => ({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, ...t } });

/** [what, payload (besides the envelope), Meta code, words in the message] */
const cases: [string, Record<string, unknown>, string, string][] = [
  ['text without body', { type: 'text', text: {} }, '(#131008)', 'text.body'],
  ['text over 4096 characters', { type: 'text', text: { body: 'x'.repeat(4097) } }, '(#100)', 'at most 4096'],
  ['image with both id and link', { type: 'image', image: { id: '1', link: 'https://e.com/a.png' } }, '(#100)', 'not both'],
  ['image with neither id nor link', { type: 'image', image: { caption: 'x' } }, '(#131008)', 'image.id or image.link'],
  ['location without latitude', { type: 'location', location: { longitude: 1 } }, '(#131008)', 'location.latitude'],
  ['location latitude 100', { type: 'location', location: { latitude: 100, longitude: 1 } }, '(#131009)', 'between -90 and 90'],
  ['contact without formatted_name', { type: 'contacts', contacts: [{ name: { first_name: 'A' } }] }, '(#131008)', 'formatted_name'],
  ['reaction without message_id', { type: 'reaction', reaction: { emoji: '👍' } }, '(#131008)', 'reaction.message_id'],
  ['reaction with a word', { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: 'yes' } }, '(#131009)', 'single emoji'],
  ['interactive without type', { type: 'interactive', interactive: { body: { text: 'x' } } }, '(#131008)', 'interactive.type'],
  ['4 reply buttons', buttons([reply('a'), reply('b'), reply('c'), reply('d')]), '(#131009)', 'at most 3 buttons'],
  ['duplicate button ids', buttons([reply('a', 'A'), reply('a', 'B')]), '(#131009)', "duplicate button id 'a'"],
  ['button title over 20', buttons([reply('a', 'x'.repeat(21))]), '(#100)', 'at most 20'],
  ['buttons without body', { type: 'interactive', interactive: { type: 'button', action: { buttons: [reply('a')] } } }, '(#131008)', 'interactive.body'],
  ['list with 11 rows', list([{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 's') }]), '(#131009)', 'at most 10 rows'],
  ['list sections without titles', list([{ rows: rows(1) }, { rows: rows(1, 's') }]), '(#131008)', 'sections[0].title'],
  ['list row title over 24', list([{ rows: [{ id: 'a', title: 't'.repeat(25) }] }]), '(#100)', 'at most 24'],
  ['list with duplicate row ids', list([{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }]), '(#131009)', 'duplicate row id'],
  [
    'cta_url without url',
    { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'x' }, action: { name: 'cta_url', parameters: { display_text: 'Go' } } } },
    '(#131008)',
    'parameters.url',
  ],
  ['flow with both id and name', flow({ flow_id: '1', flow_name: 'f', flow_action_payload: { screen: 'A' } }), '(#100)', 'not both'],
  ['flow navigate without payload', flow({ flow_id: '1' }), '(#131008)', 'flow_action_payload'],
  ['flow version 2', flow({ flow_id: '1', flow_message_version: '2', flow_action_payload: { screen: 'A' } }), '(#131009)', 'flow_message_version'],
  [
    'location request with another action',
    { type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'x' }, action: { name: 'send' } } },
    '(#131009)',
    'send_location',
  ],
  ['template without language', { type: 'template', template: { name: 'x' } }, '(#131008)', 'template.language'],
  ['template with two headers', template({ components: [{ type: 'header' }, { type: 'header' }] }), '(#131009)', 'more than one header'],
  [
    'template parameter with a line break',
    template({ components: [{ type: 'body', parameters: [{ type: 'text', text: 'a\nb' }] }] }),
    '(#132018)',
    'new-line',
  ],
  ['template button without index', template({ components: [{ type: 'button', sub_type: 'quick_reply', parameters: [{ type: 'payload', payload: 'x' }] }] }), '(#131008)', 'index'],
  [
    'template url button with a payload parameter',
    template({ components: [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'payload', payload: 'x' }] }] }),
    '(#131009)',
    'must be text',
  ],
];

describe('the EUM stand-in checks payloads as Meta does', () => {
  it.each(cases)('%s → ValidationException %s', async (_what, payload, code, words) => {
    const error = await rejection({ ...to, ...payload });
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(code);
    expect(error.message).toContain(words);
    expect(standin.sends).toHaveLength(0);
  });

  it('accepts well-formed payloads of every type it checks', async () => {
    // Meta sends only templates that exist, approved, in that language.
    seedApprovedTemplate(standin, { name: 'order_update', language: 'en_US', parameterFormat: 'NAMED', components: [{ type: 'BODY', text: 'Hi {{name}}, thanks.' }] });
    const valid: Record<string, unknown>[] = [
      { type: 'text', text: { body: 'hi', preview_url: false } },
      { type: 'image', image: { link: 'https://e.com/a.png', caption: 'c' } },
      { type: 'audio', audio: { id: '123' } },
      { type: 'location', location: { latitude: 1.5, longitude: -2 } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'A' } }] },
      { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } },
      buttons([reply('a'), reply('b'), reply('c')]),
      list([{ title: 'A', rows: rows(5) }, { title: 'B', rows: rows(5, 's') }]),
      flow({ flow_name: 'f', flow_action: 'data_exchange' }),
      template({ components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'name' }] }] }),
      { type: 'interactive', interactive: { type: 'product', action: { catalog_id: '1', product_retailer_id: 'x' } } },
    ];
    for (const payload of valid) await raw({ ...to, ...payload });
    expect(standin.sends).toHaveLength(valid.length);
  });

  it('messageValidators: {} turns the checks off', async () => {
    const lax = new SocialMessagingClient({ endpoint: permissive.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const out = await raw({ ...to, ...buttons([reply('a'), reply('b'), reply('c'), reply('d')]) }, lax);
    expect(out.messageId).toBeDefined();
    lax.destroy();
  });
});
