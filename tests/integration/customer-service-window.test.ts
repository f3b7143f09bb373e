import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { resetConfigForTests } from '../../shared/config';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites, hoursAgo } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem, itemsOfType } from './helpers/table';

/**
 * The 24-hour customer-service window: free-form messages are refused before anything is sent when the customer
 * never wrote or last wrote more than 24 hours ago; templates always go; enforceWindow: false and
 * ENFORCE_CUSTOMER_SERVICE_WINDOW=false let Meta decide instead.
 */

let eum: EumStandin;
let messaging: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

const conversationPk = (digits: string) => `CONV#${DEMO_PHONE.arn}#${digits}`;
const messagesTo = async (digits: string) => (await itemsOfType('MESSAGE')).filter((m) => m.to === digits);

describe('closed window: refused, nothing sent or stored', () => {
  it('a customer who never wrote gets no free-form message; the error points at send_template', async () => {
    const res = await messaging({ action: 'send_text', to: '+15558880001', text: 'cold message' }, lambdaContext);
    expect(res).toMatchObject({
      statusCode: 409,
      windowExpiresAt: null,
      reason: 'customer_service_window_closed',
      retryable: false,
      conversationId: conversationPk('15558880001'),
    });
    expect(res.error).toContain('send_template');
    expect(res.error).toContain('never written');
    expect(eum.sends).toHaveLength(0);
    expect(await messagesTo('15558880001')).toHaveLength(0);
    expect(await getItem(conversationPk('15558880001'))).toBeUndefined();
  });

  it('a customer who wrote 25 hours ago: the window closed 24 hours after that message', async () => {
    const wroteAt = hoursAgo(25);
    const wamid = await customerWrites('+15558880002', { at: wroteAt });
    const expiresAt = new Date(Math.floor(wroteAt.getTime() / 1000) * 1000 + 24 * 3600_000).toISOString();

    for (const [action, input] of [
      ['send_text', { text: 'too late' }],
      ['send_location', { latitude: 1, longitude: 2 }],
      ['send_interactive_buttons', { body: 'x', buttons: [{ id: 'a', title: 'A' }] }],
      ['send_reaction', { messageId: wamid, emoji: '👍' }],
    ] as const) {
      const res = await messaging({ action, to: '+15558880002', ...input }, lambdaContext);
      expect(res, action).toMatchObject({ statusCode: 409, windowExpiresAt: expiresAt });
      expect(res.error).toContain(`closed at ${expiresAt}`);
    }
    expect(eum.sends).toHaveLength(0);
    expect(await messagesTo('15558880002')).toHaveLength(0);
  });

  it('over HTTP the status is 409 with the same body', async () => {
    const res = await messaging(httpEvent('POST', '/messaging/send_cta_url', { to: '+15558880003', body: 'x', displayText: 'Go', url: 'https://e.com' }), lambdaContext);
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 409, windowExpiresAt: null });
    expect(eum.sends).toHaveLength(0);
  });
});

describe('open window and exceptions: sent', () => {
  it('after the customer writes, free-form messages go out', async () => {
    await customerWrites('+15558880010', { at: hoursAgo(23) });
    const text = await messaging({ action: 'send_text', to: '+15558880010', text: 'within the window' }, lambdaContext);
    expect(text.statusCode).toBe(200);
    const list = await messaging(
      { action: 'send_interactive_list', to: '+15558880010', body: 'Pick', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] },
      lambdaContext,
    );
    expect(list.statusCode).toBe(200);
    expect(eum.sends).toHaveLength(2);
    expect(await getItem(conversationPk('15558880010'))).toMatchObject({ lastMessage: 'Pick', lastMessageDirection: 'OUTBOUND', windowExpiresAt: expect.any(String) });
  });

  it('a template goes to a customer who never wrote', async () => {
    const res = await messaging({ action: 'send_template', to: '+15558880011', name: 'hello_world', language: 'en_US' }, lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(eum.sends).toHaveLength(1);
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ type: 'template', direction: 'OUTBOUND' });
  });

  it('a template goes to a customer whose window closed', async () => {
    await customerWrites('+15558880012', { at: hoursAgo(48) });
    const res = await messaging({ action: 'send_template', to: '+15558880012', name: 'hello_world', language: 'en_US' }, lambdaContext);
    expect(res.statusCode).toBe(200);
  });

  it('enforceWindow: false on the call lets Meta decide (also as enforce_window over HTTP)', async () => {
    const direct = await messaging({ action: 'send_text', to: '+15558880013', text: 'override', enforceWindow: false }, lambdaContext);
    expect(direct.statusCode).toBe(200);
    const http = await messaging(
      httpEvent('POST', '/messaging/send_contacts', { to: '+15558880013', contacts: [{ name: { formatted_name: 'A' } }], enforce_window: false }),
      lambdaContext,
    );
    expect(http.statusCode).toBe(200);
    expect(eum.sends).toHaveLength(2);
  });

  it('mark_as_read is not a message: it works on a message older than 24 hours', async () => {
    const wamid = await customerWrites('+15558880014', { at: hoursAgo(30) });
    const res = await messaging({ action: 'mark_as_read', messageId: wamid }, lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(eum.sends[0]).toMatchObject({ kind: 'mark_read' });
  });
});

describe('ENFORCE_CUSTOMER_SERVICE_WINDOW', () => {
  afterEach(() => {
    delete process.env.ENFORCE_CUSTOMER_SERVICE_WINDOW;
    resetConfigForTests();
  });

  it('"false" turns the check off for every call; enforceWindow: true on a call turns it back on', async () => {
    process.env.ENFORCE_CUSTOMER_SERVICE_WINDOW = 'false';
    resetConfigForTests();
    const off = await messaging({ action: 'send_text', to: '+15558880020', text: 'Meta decides' }, lambdaContext);
    expect(off.statusCode).toBe(200);
    const forced = await messaging({ action: 'send_text', to: '+15558880021', text: 'checked anyway', enforceWindow: true }, lambdaContext);
    expect(forced).toMatchObject({ statusCode: 409, windowExpiresAt: null });
    expect(eum.sends).toHaveLength(1);
  });
});
