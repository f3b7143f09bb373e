import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EumStandin } from '../../../local/standins/eum/server';
import { SEND_PROOF_WINDOW_MS } from '../../../shared/http/send-once';
import { dynamo } from '../../../shared/table/client';
import { httpEvent, lambdaContext, snsEvent, snsRecord, type Invoke } from '../../helpers/events';
import { startEumForTest } from '../helpers/eum';
import { sendClient } from '../../../shared/eum/send-client';
import { injectFaults, networkError } from '../helpers/faults';
import { allItems, getItem } from '../helpers/table';

/**
 * Issue 8.5, retrying after an ambiguous send: EUM failed after the message left, the caller retries with the
 * idempotency key as told. The key is kept in an "unknown" state; the message carried a token in
 * biz_opaque_callback_data that Meta echoes in its statuses; a status with it proves the send, and the retry then
 * answers the first send instead of sending again. Stand-in sends are what WhatsApp would deliver: counted.
 */

let eum: EumStandin;
let messaging: Invoke;
let ingest: Invoke;
const CUSTOMER = '+15557770042';
let n = 0;
const newKey = () => `unknown-${Date.now()}-${n++}`;
const text = (key: string, body = 'exactly once') => ({ action: 'send_text', to: CUSTOMER, text: body, enforceWindow: false, idempotencyKey: key });
const messageSends = () => eum.sends.filter((s) => s.kind === 'message');

/** Sends with the key while EUM loses its answer after the send: 502, sent "unknown". */
async function ambiguousSend(key: string, body?: string) {
  eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true } });
  const res = await messaging(text(key, body), lambdaContext);
  expect(res).toMatchObject({ statusCode: 502, sent: 'unknown', idempotencyKey: key });
  await eum.idle();
  return res;
}

/** Ingest receives the status EUM published for a send (by EUM's id), as SNS would deliver it. */
async function deliverStatus(messageId: string, status: 'sent' | 'delivered' | 'read') {
  const published = eum.published.find((p) => p.messageId === messageId && p.status === status);
  expect(published, `${status} of ${messageId}`).toBeDefined();
  const out = await ingest(snsEvent(snsRecord(published!.body)));
  expect(out.results?.[0]?.ok ?? true).toBe(true);
}

const idempotencyRecords = async () => (await allItems()).filter((i) => String(i.pk).startsWith('IDEMPOTENCY#'));

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  await eum.customerWrites({ from: CUSTOMER, text: 'hi', deliver: false });
  messaging = (await import('../../../functions/messaging/handler')).handler as unknown as Invoke;
  ingest = (await import('../../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());
afterEach(() => vi.useRealTimers());

describe('retry with the same key after an ambiguous send', () => {
  it('the message carries a token Meta echoes; the key is kept, not released', async () => {
    const key = newKey();
    await ambiguousSend(key);
    const sent = messageSends()[0]!;
    expect(sent.message.biz_opaque_callback_data).toMatch(/^sendonce:v1:1:[A-Za-z0-9+/=]{44}$/);
    // Every status of the message echoes it.
    expect(eum.published.filter((p) => p.messageId === sent.messageId).map((p) => JSON.parse(JSON.parse(p.body).whatsAppWebhookEntry).changes[0].value.statuses[0].biz_opaque_callback_data)).toEqual([
      sent.message.biz_opaque_callback_data,
      sent.message.biz_opaque_callback_data,
      sent.message.biz_opaque_callback_data,
    ]);
    const record = (await idempotencyRecords()).find((r) => sent.message.biz_opaque_callback_data!.toString().endsWith(String(r.pk).slice('IDEMPOTENCY#'.length)));
    expect(record).toMatchObject({ idempotencyStatus: 'COMPLETED', response: { unknown: { attempt: 1, provable: true } } });
  });

  it('before any status: 409 sent "unknown" with retryAfter, and nothing is sent again', async () => {
    const key = newKey();
    await ambiguousSend(key);
    for (let i = 0; i < 2; i++) {
      const retry = await messaging(text(key), lambdaContext);
      expect(retry).toMatchObject({ statusCode: 409, sent: 'unknown', idempotencyKey: key, retryable: true, reason: 'send_outcome_unknown' });
      expect(retry.retryAfter).toBeGreaterThanOrEqual(1);
      expect(retry.retryAfter).toBeLessThanOrEqual(15);
      expect(Date.parse(retry.sendsAgainAfter) - Date.parse(retry.attemptedAt)).toBe(SEND_PROOF_WINDOW_MS);
    }
    expect(messageSends()).toHaveLength(1);
  });

  it('over HTTP with the Idempotency-Key header: the same 409, with HTTP Retry-After', async () => {
    const key = newKey();
    // A new event each time: the body parser replaces the event's body with the parsed object.
    const request = () => {
      const event = httpEvent('POST', '/messaging/send_text', { to: CUSTOMER, text: 'over http', enforceWindow: false });
      return { ...event, headers: { ...event.headers, 'Idempotency-Key': key } };
    };
    eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true } });
    expect((await messaging(request(), lambdaContext)).statusCode).toBe(502);
    const retry = await messaging(request(), lambdaContext);
    expect(retry.statusCode).toBe(409);
    expect(JSON.parse(retry.body)).toMatchObject({ sent: 'unknown', idempotencyKey: key });
    expect(retry.headers['retry-after']).toBe(String(JSON.parse(retry.body).retryAfter));
    expect(messageSends()).toHaveLength(1);
  });

  it('once a status proved the send, the retry answers the first send without sending, stores it, and statuses apply', async () => {
    const key = newKey();
    await ambiguousSend(key);
    const first = messageSends()[0]!;
    expect(await getItem(`MSG#${first.messageId}`)).toBeUndefined();

    await deliverStatus(first.messageId, 'sent');
    const retry = await messaging(text(key), lambdaContext);
    expect(retry).toMatchObject({ statusCode: 200, operation: 'send_text', messageId: first.messageId, wamid: first.wamid, confirmedBy: 'status:sent' });
    expect(messageSends()).toHaveLength(1);
    // Stored as if the first answer had arrived; the status that waited for it is applied.
    const stored = await getItem(`MSG#${first.messageId}`);
    expect(stored).toMatchObject({ direction: 'OUTBOUND', preview: 'exactly once', status: 'sent', waMessageId: first.wamid });
    // What is stored is what the caller asked to send, without our token.
    expect((stored!.payload as Record<string, unknown>).biz_opaque_callback_data).toBeUndefined();

    // Later statuses find the message; later retries get the same answer, byte for byte.
    await deliverStatus(first.messageId, 'read');
    expect(await getItem(`MSG#${first.messageId}`)).toMatchObject({ status: 'read' });
    expect(await messaging(text(key), lambdaContext)).toEqual(retry);
    expect(messageSends()).toHaveLength(1);
  });

  it('the SDK losing the answer after EUM sent (a reset socket) is proven the same way', async () => {
    const key = newKey();
    const lost = injectFaults(sendClient(), [{ command: 'SendWhatsAppMessageCommand', fault: networkError({ after: true }) }]);
    try {
      expect(await messaging(text(key, 'answer lost'), lambdaContext)).toMatchObject({ statusCode: 503, sent: 'unknown', idempotencyKey: key });
    } finally {
      lost.remove();
    }
    await eum.idle();
    const first = messageSends()[0]!;
    expect(await messaging(text(key, 'answer lost'), lambdaContext)).toMatchObject({ statusCode: 409, sent: 'unknown' });
    await deliverStatus(first.messageId, 'sent');
    expect(await messaging(text(key, 'answer lost'), lambdaContext)).toMatchObject({ statusCode: 200, messageId: first.messageId, wamid: first.wamid });
    expect(messageSends()).toHaveLength(1);
  });

  it('concurrent retries after the proof: one message stored, no send, every answer names the same message', async () => {
    const key = newKey();
    await ambiguousSend(key);
    const first = messageSends()[0]!;
    await deliverStatus(first.messageId, 'delivered');
    const answers = await Promise.all(Array.from({ length: 5 }, () => messaging(text(key), lambdaContext)));
    for (const a of answers) expect([200, 409]).toContain(a.statusCode);
    const ok = answers.filter((a) => a.statusCode === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((a) => a.messageId))).toEqual(new Set([first.messageId]));
    expect(messageSends()).toHaveLength(1);
    expect(await getItem(`MSG#${first.messageId}`)).toMatchObject({ status: 'delivered' });
  });

  it('no status after the wait: the retry sends once (attempt 2, its own token); later retries answer it', async () => {
    const key = newKey();
    await ambiguousSend(key);
    const first = messageSends()[0]!;
    // Time passes beyond the wait; the first send's statuses never reach ingest.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SEND_PROOF_WINDOW_MS + 1_000, shouldAdvanceTime: true });
    const retry = await messaging(text(key), lambdaContext);
    expect(retry).toMatchObject({ statusCode: 200, operation: 'send_text', status: 'accepted' });
    expect(messageSends()).toHaveLength(2);
    const second = messageSends()[1]!;
    expect(retry.messageId).toBe(second.messageId);
    expect(second.message.biz_opaque_callback_data).toBe(String(first.message.biz_opaque_callback_data).replace('sendonce:v1:1:', 'sendonce:v1:2:'));
    expect(await messaging(text(key), lambdaContext)).toEqual(retry);
    expect(messageSends()).toHaveLength(2);
  });

  it('a retry after the wait that is itself ambiguous keeps the key unknown again; its status then proves it', async () => {
    const key = newKey();
    await ambiguousSend(key);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SEND_PROOF_WINDOW_MS + 1_000, shouldAdvanceTime: true });
    eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true, hangUp: true } });
    expect(await messaging(text(key), lambdaContext)).toMatchObject({ statusCode: 503, sent: 'unknown', idempotencyKey: key });
    expect(await messaging(text(key), lambdaContext)).toMatchObject({ statusCode: 409, sent: 'unknown' });
    await eum.idle();
    const second = messageSends()[1]!;
    await deliverStatus(second.messageId, 'sent');
    expect(await messaging(text(key), lambdaContext)).toMatchObject({ statusCode: 200, messageId: second.messageId, wamid: second.wamid });
    expect(messageSends()).toHaveLength(2);
  });

  it('a read receipt has no statuses to carry a token: its retry sends again at once (marking read twice is harmless)', async () => {
    const key = newKey();
    const receipt = { action: 'mark_as_read', messageId: 'wamid.HBgLMTU1NTc3NzAwNDIVAgASGBQzQUZBQ0U5QTc0', idempotencyKey: key };
    eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true } });
    expect(await messaging(receipt, lambdaContext)).toMatchObject({ statusCode: 502, sent: 'unknown', idempotencyKey: key });
    expect(eum.sends[0]!.message.biz_opaque_callback_data).toBeUndefined();
    const retry = await messaging(receipt, lambdaContext);
    expect(retry).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(await messaging(receipt, lambdaContext)).toEqual(retry);
    expect(eum.sends).toHaveLength(2);
  });

  it('the status of a message we know (the common path) makes no request for the token it carries', async () => {
    const key = newKey();
    const ok = await messaging(text(key, 'known message'), lambdaContext);
    expect(ok.statusCode).toBe(200);
    await eum.idle();
    const calls = injectFaults(dynamo());
    try {
      await deliverStatus(ok.messageId, 'sent');
      expect(calls.calls.filter((c) => c.keys.some((k) => k.startsWith('IDEMPOTENCY#')))).toHaveLength(0);
    } finally {
      calls.remove();
    }
  });
});
