import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem, itemsOfType } from './helpers/table';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * Every non-media message type end to end: our action → the real SDK → the EUM stand-in (which checks the payload
 * as Meta would) → the OUTBOUND item and its conversation in DynamoDB Local.
 */

let eum: EumStandin;
let published: string[];
let messaging: Invoke;
let ingest: Invoke;
/** A customer who wrote a moment ago, so the customer-service window is open. */
const TO = '+15557770001';
let inboundWamid: string;

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  inboundWamid = await customerWrites(TO, { text: 'I need help' });
});
afterAll(() => eum.close());
beforeEach(() => {
  eum.reset();
  published.length = 0;
  // The approved templates the send_template tests use (send_template checks calls against them).
  seedApprovedTemplate(eum, {
    name: 'order_update',
    language: 'en_US',
    parameterFormat: 'NAMED',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U=:x'] } },
      { type: 'BODY', text: 'Hi {{first_name}}, your total is {{total}}, due {{due}}.' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track', url: 'https://example.com/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Stop' },
          { type: 'COPY_CODE', example: 'SAVE10' },
          { type: 'FLOW', text: 'Open', flow_id: '123' },
        ],
      },
    ],
  });
  seedApprovedTemplate(eum, {
    name: 'pickup_point',
    language: 'pt_BR',
    components: [{ type: 'HEADER', format: 'LOCATION' }, { type: 'BODY', text: 'Oi {{1}}, retire às {{2}} na loja.' }],
  });
});

const send = (action: string, body: Record<string, unknown>) => messaging({ action, to: TO, ...body }, lambdaContext);

const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

/** The one send reached EUM with exactly `payload`, and was stored as an OUTBOUND message of `type` with `preview`. */
async function expectSent(res: Record<string, any>, operation: string, payload: Record<string, unknown>, type: string, preview: string) {
  expect(res).toMatchObject({ statusCode: 200, operation, status: 'accepted', to: TO.slice(1) });
  expect(eum.sends).toHaveLength(1);
  expect(eum.sends[0]!.originationPhoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
  expect(eum.sends[0]!.message).toEqual(payload);
  const stored = await getItem(`MSG#${res.messageId}`);
  expect(stored).toMatchObject({ itemType: 'MESSAGE', direction: 'OUTBOUND', type, preview, payload, eumMessageId: res.messageId });
  const conversation = await getItem(res.conversationId);
  expect(conversation).toMatchObject({ lastMessage: preview, lastMessageType: type, lastMessageDirection: 'OUTBOUND', lastMessageId: res.messageId });
}

describe('send_location', () => {
  it('sends a pin with name and address', async () => {
    const res = await send('send_location', { latitude: 52.52, longitude: 13.405, name: 'Acme HQ', address: '1 Main St' });
    await expectSent(
      res,
      'send_location',
      { ...envelope, type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Acme HQ', address: '1 Main St' } },
      'location',
      'Acme HQ, 1 Main St',
    );
  });

  it('works over HTTP with the seed spelling, and a bare pin previews its coordinates', async () => {
    const res = await messaging(httpEvent('POST', '/messaging/send_location', { to: TO, lat: -33.9, lng: 151.2 }), lambdaContext);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(eum.sends[0]!.message.location).toEqual({ latitude: -33.9, longitude: 151.2 });
    expect(await getItem(`MSG#${body.messageId}`)).toMatchObject({ preview: '[location -33.9, 151.2]' });
  });
});

describe('send_contacts', () => {
  it("sends Meta's contact cards unchanged", async () => {
    const card = {
      name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson' },
      phones: [{ phone: '+19175559999', type: 'Mobile', wa_id: '19175559999' }],
      emails: [{ email: 'bj@example.com', type: 'Work' }],
      addresses: [{ street: '1 Lucky Shrub Way', city: 'Menlo Park', country_code: 'US', type: 'Office' }],
      org: { company: 'Lucky Shrub', title: 'Lead Counsel' },
      urls: [{ url: 'https://www.example.com', type: 'Company' }],
      birthday: '1999-01-23',
    };
    const res = await send('send_contacts', { contacts: [card, { name: { formatted_name: 'Pablo' } }] });
    await expectSent(res, 'send_contacts', { ...envelope, type: 'contacts', contacts: [card, { name: { formatted_name: 'Pablo' } }] }, 'contacts', '[contacts] Barbara J. Johnson, Pablo');
  });
});

describe('send_reaction', () => {
  it("reacts to the customer's message by wamid", async () => {
    const res = await send('send_reaction', { messageId: inboundWamid, emoji: '👍' });
    await expectSent(res, 'send_reaction', { ...envelope, type: 'reaction', reaction: { message_id: inboundWamid, emoji: '👍' } }, 'reaction', 'reacted 👍');
  });

  it('reacts to one of our messages by our messageId (translated to its wamid), and an empty emoji removes it', async () => {
    const ours = await send('send_text', { text: 'react to me' });
    await eum.idle();
    for (const body of published) await ingest(snsEvent(snsRecord(body)));
    const wamid = eum.sends[0]!.wamid;
    eum.reset();

    const res = await send('send_reaction', { message_id: ours.messageId, emoji: '' });
    await expectSent(res, 'send_reaction', { ...envelope, type: 'reaction', reaction: { message_id: wamid, emoji: '' } }, 'reaction', 'removed a reaction');
  });
});

describe('send_interactive_buttons', () => {
  it('sends reply buttons with an image header by link and a footer', async () => {
    const res = await send('send_interactive_buttons', {
      body: 'Your workshop is tomorrow at 9.',
      header: { type: 'image', link: 'https://example.com/banner.png' },
      footer: 'Lucky Shrub',
      buttons: [
        { id: 'change', title: 'Change' },
        { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
      ],
    });
    await expectSent(
      res,
      'send_interactive_buttons',
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'image', image: { link: 'https://example.com/banner.png' } },
          body: { text: 'Your workshop is tomorrow at 9.' },
          footer: { text: 'Lucky Shrub' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'change', title: 'Change' } },
              { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
            ],
          },
        },
      },
      'interactive',
      'Your workshop is tomorrow at 9.',
    );
  });

  it('takes a document header by media id, a text header as a string, and replies with context', async () => {
    const doc = await send('send_interactive_buttons', {
      text: 'Your invoice',
      header: { type: 'document', id: '2762702990552401', filename: 'invoice.pdf' },
      buttons: [{ id: 'ok', title: 'OK' }],
      replyTo: inboundWamid,
    });
    expect(doc.statusCode).toBe(200);
    expect(eum.sends[0]!.message).toMatchObject({
      context: { message_id: inboundWamid },
      interactive: { header: { type: 'document', document: { id: '2762702990552401', filename: 'invoice.pdf' } } },
    });
    expect(await getItem(`MSG#${doc.messageId}`)).toMatchObject({ replyTo: inboundWamid });

    const text = await send('send_interactive_buttons', { body: 'Pick one', header: 'Menu', buttons: [{ id: 'a', title: 'A' }] });
    expect(text.statusCode).toBe(200);
    expect(eum.sends[1]!.message.interactive).toMatchObject({ header: { type: 'text', text: 'Menu' } });
  });
});

describe('send_interactive_list', () => {
  it('sends sections of rows behind a button', async () => {
    const res = await send('send_interactive_list', {
      body: 'Which appointment suits you?',
      button_text: 'Choose a slot',
      header: 'Appointments',
      footer: 'Times are local',
      sections: [
        { title: 'Monday', rows: [{ id: 'mon-9', title: '9:00', description: 'Morning' }, { id: 'mon-14', title: '14:00' }] },
        { title: 'Tuesday', rows: [{ id: 'tue-9', title: '9:00' }] },
      ],
    });
    await expectSent(
      res,
      'send_interactive_list',
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'list',
          header: { type: 'text', text: 'Appointments' },
          body: { text: 'Which appointment suits you?' },
          footer: { text: 'Times are local' },
          action: {
            button: 'Choose a slot',
            sections: [
              { title: 'Monday', rows: [{ id: 'mon-9', title: '9:00', description: 'Morning' }, { id: 'mon-14', title: '14:00' }] },
              { title: 'Tuesday', rows: [{ id: 'tue-9', title: '9:00' }] },
            ],
          },
        },
      },
      'interactive',
      'Which appointment suits you?',
    );
  });
});

describe('send_cta_url', () => {
  it('sends a body with one URL button', async () => {
    const res = await send('send_cta_url', {
      body: 'Track your order',
      display_text: 'Track',
      url: 'https://example.com/track?o=123',
      header: { type: 'video', video: { link: 'https://example.com/v.mp4' } },
      footer: 'Thanks!',
    });
    await expectSent(
      res,
      'send_cta_url',
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          header: { type: 'video', video: { link: 'https://example.com/v.mp4' } },
          body: { text: 'Track your order' },
          footer: { text: 'Thanks!' },
          action: { name: 'cta_url', parameters: { display_text: 'Track', url: 'https://example.com/track?o=123' } },
        },
      },
      'interactive',
      'Track your order',
    );
  });
});

describe('send_flow', () => {
  it('navigates to the first screen of a Flow by id', async () => {
    const res = await send('send_flow', {
      body: 'Book your table',
      header: 'Reservations',
      flowId: '1234567890',
      flowCta: 'Book now',
      flowToken: 'session-42',
      mode: 'draft',
      flowAction: 'navigate',
      flowActionPayload: { screen: 'WELCOME', data: { guests: 2 } },
    });
    await expectSent(
      res,
      'send_flow',
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'flow',
          header: { type: 'text', text: 'Reservations' },
          body: { text: 'Book your table' },
          action: {
            name: 'flow',
            parameters: {
              flow_message_version: '3',
              flow_id: '1234567890',
              flow_cta: 'Book now',
              flow_token: 'session-42',
              mode: 'draft',
              flow_action: 'navigate',
              flow_action_payload: { screen: 'WELCOME', data: { guests: 2 } },
            },
          },
        },
      },
      'interactive',
      'Book your table',
    );
  });

  it('starts a data_exchange Flow by name, with the seed spelling', async () => {
    const res = await send('send_flow', { body: 'Sign up', flow_name: 'signup_flow', flow_cta: 'Sign up', flow_action: 'data_exchange' });
    expect(res.statusCode).toBe(200);
    expect(eum.sends[0]!.message.interactive).toEqual({
      type: 'flow',
      body: { text: 'Sign up' },
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_name: 'signup_flow', flow_cta: 'Sign up', flow_action: 'data_exchange' } },
    });
  });
});

describe('send_location_request', () => {
  it('asks for the customer location', async () => {
    const res = await send('send_location_request', { body: 'Where should we pick you up?' });
    await expectSent(
      res,
      'send_location_request',
      {
        ...envelope,
        type: 'interactive',
        interactive: { type: 'location_request_message', body: { text: 'Where should we pick you up?' }, action: { name: 'send_location' } },
      },
      'interactive',
      'Where should we pick you up?',
    );
  });
});

describe('send_template', () => {
  it('sends a named template with header media, body parameters and every button kind', async () => {
    const components = [
      { type: 'header', parameters: [{ type: 'image', image: { id: '998877' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana', parameter_name: 'first_name' },
          { type: 'currency', currency: { fallback_value: '$12.50', code: 'USD', amount_1000: 12500 }, parameter_name: 'total' },
          { type: 'date_time', date_time: { fallback_value: 'May 1, 2026' }, parameter_name: 'due' },
        ],
      },
      { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'order/123' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] },
      { type: 'button', sub_type: 'copy_code', index: 2, parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
      { type: 'button', sub_type: 'flow', index: 3, parameters: [{ type: 'action', action: { flow_token: 't-1', flow_action_data: { id: 7 } } }] },
    ];
    const res = await send('send_template', { template_name: 'order_update', language: 'en_US', components });
    const expected = components.map((c) => ('index' in c ? { ...c, index: String(c.index) } : c));
    await expectSent(
      res,
      'send_template',
      { ...envelope, type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: expected } },
      'template',
      '[template order_update] Ana, $12.50, May 1, 2026',
    );
  });

  it("sends a template without parameters, accepting Meta's {code} language", async () => {
    const res = await send('send_template', { name: 'hello_world', language: { code: 'en_US' } });
    expect(res.statusCode).toBe(200);
    expect(eum.sends[0]!.message.template).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ type: 'template', preview: '[template hello_world]' });
  });

  it('sends positional parameters and a header location, to a business-scoped user id', async () => {
    const res = await messaging(
      {
        action: 'send_template',
        to: 'US.13491208655302741918',
        name: 'pickup_point',
        language: 'pt_BR',
        components: [
          { type: 'header', parameters: [{ type: 'location', location: { latitude: -23.5, longitude: -46.6, name: 'Loja' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '15h' }] },
        ],
      },
      lambdaContext,
    );
    expect(res).toMatchObject({ statusCode: 200, to: 'US.13491208655302741918' });
    expect(eum.sends[0]!.message).toMatchObject({ recipient: 'US.13491208655302741918', type: 'template' });
    expect(eum.sends[0]!.message.to).toBeUndefined();
  });
});

describe('mark_as_read', () => {
  it("sends Meta's read status with a typing indicator and stores nothing", async () => {
    const messagesBefore = (await itemsOfType('MESSAGE')).length;
    const conversationsBefore = await itemsOfType('CONVERSATION');
    const res = await messaging({ action: 'mark_as_read', message_id: inboundWamid, typingIndicator: true }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 200, operation: 'mark_as_read', readMessageId: inboundWamid, typingIndicator: true });
    expect(res.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(eum.sends).toHaveLength(1);
    expect(eum.sends[0]).toMatchObject({ kind: 'mark_read', originationPhoneNumberId: DEMO_PHONE.phoneNumberId });
    expect(eum.sends[0]!.message).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid, typing_indicator: { type: 'text' } });
    expect((await itemsOfType('MESSAGE')).length).toBe(messagesBefore);
    expect(await itemsOfType('CONVERSATION')).toEqual(conversationsBefore);
  });

  it('accepts a wamid we never stored (Meta may know it), without the typing indicator', async () => {
    const res = await messaging({ action: 'mark_as_read', messageId: 'wamid.NOT-STORED-HERE' }, lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(eum.sends[0]!.message).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.NOT-STORED-HERE' });
  });
});

describe('EUM Social failures on a new action', () => {
  it('throttling that persists after the SDK retries is a 429 with retryable: true, and nothing is stored', async () => {
    const before = (await itemsOfType('MESSAGE')).length;
    eum.injectFault({ count: 3, error: { type: 'ThrottledRequestException' } });
    const res = await send('send_interactive_buttons', { body: 'x', buttons: [{ id: 'a', title: 'A' }] });
    expect(res).toMatchObject({ statusCode: 429, retryable: true, upstreamError: 'ThrottledRequestException', attempts: 3 });
    expect(eum.sends).toHaveLength(0);
    expect((await itemsOfType('MESSAGE')).length).toBe(before);
  });

  it('a ValidationException is a 400 with retryable: false, tried once', async () => {
    eum.injectFault({ count: 1, error: { type: 'ValidationException', message: '(#131009) Parameter value is not valid' } });
    const res = await send('send_location', { latitude: 1, longitude: 2 });
    expect(res).toMatchObject({ statusCode: 400, retryable: false, upstreamError: 'ValidationException', attempts: 1 });
    expect(res.error).toContain('131009');
  });
});
