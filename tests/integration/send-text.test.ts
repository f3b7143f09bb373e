import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem, itemsOfType } from './helpers/table';

let eum: EumStandin;
let published: string[];
let messaging: Invoke;
let conversations: Invoke;
let ingest: Invoke;

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  // WhatsApp delivers free-form messages only to customers who wrote in the last 24 hours (else 131047). These
  // tests skip our own window check (enforceWindow: false; it has its own tests), so the customers write on
  // WhatsApp's side only: our table holds no inbound message that would change what these tests assert.
  for (const customer of ['+15551234567', '+15550001111', '+15550002222', '+15550003333']) {
    await eum.customerWrites({ from: customer, text: 'hello', deliver: false });
  }
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => {
  eum.reset();
  published.length = 0;
});

const deliverStatuses = async (bodies: string[]) => {
  for (const body of bodies) await ingest(snsEvent(snsRecord(body)));
};

describe('send_text', () => {
  it('sends through EUM Social, stores the OUTBOUND message and conversation, and statuses bring it to read', async () => {
    const res = await messaging({ action: 'send_text', metaWabaId: DEMO_WABA.wabaId, to: '+1 555 123 4567', text: 'Hello there', enforceWindow: false, previewUrl: true }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 200, operation: 'send_text', to: '15551234567', status: 'accepted' });
    expect(res.messageId).toMatch(/^[0-9a-f-]{36}$/);

    // What reached EUM Social is Meta's /messages JSON, from the right phone number.
    expect(eum.sends).toHaveLength(1);
    expect(eum.sends[0]!.originationPhoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
    expect(eum.sends[0]!.metaApiVersion).toBe('v23.0');
    expect(eum.sends[0]!.message).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15551234567',
      type: 'text',
      text: { body: 'Hello there', preview_url: true },
    });

    const stored = await getItem(`MSG#${res.messageId}`);
    expect(stored).toMatchObject({ itemType: 'MESSAGE', direction: 'OUTBOUND', status: 'accepted', type: 'text', to: '15551234567' });
    const conv = await getItem(res.conversationId);
    expect(conv).toMatchObject({ itemType: 'CONVERSATION', lastMessage: 'Hello there', lastMessageDirection: 'OUTBOUND' });
    expect(conv!.unreadIds).toBeUndefined();

    await eum.idle();
    expect(published).toHaveLength(3);
    await deliverStatuses(published);
    const after = await getItem(`MSG#${res.messageId}`);
    expect(after).toMatchObject({ status: 'read', waMessageId: eum.sends[0]!.wamid });
    expect(after!.sentAt && after!.deliveredAt && after!.readAt).toBeTruthy();

    // The wamid now finds the same message.
    const byWamid = await conversations({ action: 'get_messages', conversationId: res.conversationId }, lambdaContext);
    expect(byWamid.messages.map((m: { messageId: string }) => m.messageId)).toContain(res.messageId);
  });

  it('statuses delivered in reverse order still end at read, and a late delivered never lowers it', async () => {
    const res = await messaging({ action: 'send_text', to: '15550001111', text: 'order test', enforceWindow: false }, lambdaContext);
    await eum.idle();
    await deliverStatuses([...published].reverse());
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ status: 'read' });
    await deliverStatuses(published);
    const item = await getItem(`MSG#${res.messageId}`);
    expect(item).toMatchObject({ status: 'read' });
    expect(item!.deliveredAt).toBeTruthy();
  });

  it('works over HTTP: the response object is the body and its statusCode the HTTP status', async () => {
    const res = await messaging(httpEvent('POST', '/messaging/send_text', { to: '+15550002222', text: 'via http', enforceWindow: false }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 200, operation: 'send_text' });
  });

  it('rejects invalid input with 400 naming field and limit, and sends and stores nothing', async () => {
    const before = (await itemsOfType('MESSAGE')).length;
    const tooLong = await messaging({ action: 'send_text', to: '+15551234567', text: 'x'.repeat(4097) }, lambdaContext);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.fields).toEqual([{ field: 'text', reason: expect.stringContaining('4096') }]);
    const badTo = await messaging({ action: 'send_text', to: 'not-a-number', text: 'hi' }, lambdaContext);
    expect(badTo).toMatchObject({ statusCode: 400, fields: [{ field: 'to' }] });
    const missing = await messaging({ action: 'send_text', to: '+15551234567' }, lambdaContext);
    expect(missing).toMatchObject({ statusCode: 400, fields: [{ field: 'text' }] });
    expect(eum.sends).toHaveLength(0);
    expect((await itemsOfType('MESSAGE')).length).toBe(before);
  });

  it('malformed JSON over HTTP is a 400, an unknown action a 404 naming the valid ones', async () => {
    const bad = await messaging(httpEvent('POST', '/messaging/send_text', '{"to": "+1555', true), lambdaContext);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/Malformed JSON/);
    const unknown = await messaging(httpEvent('POST', '/messaging/send_fax', {}), lambdaContext);
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).validActions).toContain('send_text');
  });

  it('an unknown sender WABA is a 404 naming the linked ones', async () => {
    const res = await messaging({ action: 'send_text', metaWabaId: '999', to: '+15551234567', text: 'hi' }, lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain(DEMO_WABA.wabaId);
  });

  it('throttling is retried by the client; if it persists the error says retryable', async () => {
    eum.injectFault({ count: 2, error: { type: 'ThrottledRequestException' } });
    const ok = await messaging({ action: 'send_text', to: '+15551234567', text: 'retry me', enforceWindow: false }, lambdaContext);
    expect(ok.statusCode).toBe(200);

    eum.reset();
    eum.injectFault({ count: 3, error: { type: 'ThrottledRequestException' } });
    const failed = await messaging({ action: 'send_text', to: '+15551234567', text: 'give up', enforceWindow: false }, lambdaContext);
    expect(failed).toMatchObject({ statusCode: 429, retryable: true, upstreamError: 'ThrottledRequestException', attempts: 3 });
    expect(eum.sends).toHaveLength(0);
  });

  it('a validation error from EUM is not retried and says so', async () => {
    eum.injectFault({ count: 1, error: { type: 'ValidationException', message: 'bad payload' } });
    const res = await messaging({ action: 'send_text', to: '+15551234567', text: 'rejected', enforceWindow: false }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 400, retryable: false, upstreamError: 'ValidationException' });
  });

  it('replies carry the wamid of the message replied to, even when given our message id', async () => {
    const first = await messaging({ action: 'send_text', to: '+15550003333', text: 'first', enforceWindow: false }, lambdaContext);
    await eum.idle();
    await deliverStatuses(published);
    const wamid = eum.sends[0]!.wamid;
    const reply = await messaging({ action: 'send_text', to: '+15550003333', text: 'second', enforceWindow: false, replyTo: first.messageId }, lambdaContext);
    expect(reply.statusCode).toBe(200);
    expect(eum.sends[1]!.message).toMatchObject({ context: { message_id: wamid } });
  });

  it('a failed status keeps Meta error details', async () => {
    eum.injectFault({ count: 1, metaError: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed' } });
    const res = await messaging({ action: 'send_text', to: '+15550004444', text: 'late', enforceWindow: false }, lambdaContext);
    await eum.idle();
    await deliverStatuses(published);
    const item = await getItem(`MSG#${res.messageId}`);
    expect(item).toMatchObject({ status: 'failed' });
    expect(item!.errors).toEqual([expect.objectContaining({ code: 131047, title: 'Re-engagement message' })]);
  });
});
