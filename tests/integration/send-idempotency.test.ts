import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { allItems, itemsOfType } from './helpers/table';

/**
 * Issue 8.5: no message is sent twice. Every sending action takes an idempotency key; a repeat returns the first
 * answer without sending; an ambiguous EUM failure is not retried by the SDK and says `sent: "unknown"`.
 * Stand-in sends are counted: that is what WhatsApp would deliver.
 */

let eum: EumStandin;
let messaging: Invoke;
const CUSTOMER = '+15557770001';
const text = (extra: Record<string, unknown> = {}) => ({ action: 'send_text', to: CUSTOMER, text: 'once only', enforceWindow: false, ...extra });
const withHeaders = (event: ReturnType<typeof httpEvent>, headers: Record<string, string>) => ({ ...event, headers: { ...event.headers, ...headers } });
let n = 0;
const newKey = () => `key-${Date.now()}-${n++}`;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  await eum.customerWrites({ from: CUSTOMER, text: 'hi', deliver: false });
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

describe('idempotency keys on sends', () => {
  it('the same key twice sends once and answers the same, status and body', async () => {
    const key = newKey();
    const first = await messaging(text({ idempotencyKey: key }), lambdaContext);
    const second = await messaging(text({ idempotencyKey: key }), lambdaContext);
    expect(first).toMatchObject({ statusCode: 200, operation: 'send_text', status: 'accepted' });
    expect(second).toEqual(first);
    expect(eum.sends).toHaveLength(1);
    expect((await itemsOfType('MESSAGE')).filter((m) => m.messageId === first.messageId)).toHaveLength(1);
    // The claim is one namespaced item with a TTL, not something another item type could collide with.
    const records = (await allItems()).filter((i) => String(i.pk).startsWith('IDEMPOTENCY#'));
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.every((r) => typeof r.ttl === 'number' && r.idempotencyStatus === 'COMPLETED')).toBe(true);
  });

  it('takes the Idempotency-Key header over HTTP; header and body must agree', async () => {
    const key = newKey();
    // A new event each time: the body parser replaces the event's body with the parsed object.
    const event = () => withHeaders(httpEvent('POST', '/messaging/send_text', { to: CUSTOMER, text: 'via header', enforceWindow: false }), { 'Idempotency-Key': key });
    const first = await messaging(event(), lambdaContext);
    const second = await messaging(event(), lambdaContext);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(eum.sends).toHaveLength(1);

    const conflicting = withHeaders(httpEvent('POST', '/messaging/send_text', { to: CUSTOMER, text: 'x', idempotencyKey: 'other', enforceWindow: false }), { 'idempotency-key': key });
    const res = await messaging(conflicting, lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).fields).toEqual([{ field: 'idempotencyKey', reason: expect.stringContaining('differ') }]);
    expect(eum.sends).toHaveLength(1);
  });

  it('concurrent calls with one key send once: the others get the answer or a 409 to retry', async () => {
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 6 }, () => messaging(text({ idempotencyKey: key }), lambdaContext)));
    expect(eum.sends).toHaveLength(1);
    const ok = answers.filter((a) => a.statusCode === 200);
    const busy = answers.filter((a) => a.statusCode === 409);
    expect(ok.length + busy.length).toBe(6);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((a) => a.messageId)).size).toBe(1);
    for (const b of busy) expect(b).toMatchObject({ idempotencyKey: key, retryable: true, error: expect.stringContaining('still running') });
    // After the first finished, a retry gets its answer.
    const later = await messaging(text({ idempotencyKey: key }), lambdaContext);
    expect(later.messageId).toBe(ok[0]!.messageId);
    expect(eum.sends).toHaveLength(1);
  });

  it('the same key with a different request is refused (422) and sends nothing', async () => {
    const key = newKey();
    await messaging(text({ idempotencyKey: key }), lambdaContext);
    const other = await messaging(text({ idempotencyKey: key, text: 'another message' }), lambdaContext);
    expect(other).toMatchObject({ statusCode: 422, fields: [{ field: 'idempotencyKey', reason: expect.stringContaining('different request') }] });
    const otherAction = await messaging({ action: 'send_location', to: CUSTOMER, latitude: 1, longitude: 2, enforceWindow: false, idempotencyKey: key }, lambdaContext);
    expect(otherAction.statusCode).toBe(422);
    expect(eum.sends).toHaveLength(1);
  });

  it('a send that did not happen releases the key: the corrected retry sends', async () => {
    const key = newKey();
    eum.injectFault({ count: 1, error: { type: 'ValidationException', message: 'bad payload' } });
    const refused = await messaging(text({ idempotencyKey: key }), lambdaContext);
    expect(refused).toMatchObject({ statusCode: 400, upstreamError: 'ValidationException' });
    const retried = await messaging(text({ idempotencyKey: key }), lambdaContext);
    expect(retried.statusCode).toBe(200);
    expect(eum.sends).toHaveLength(1);
  });

  it('bad keys and keys on actions that do not send are 400s naming idempotencyKey', async () => {
    expect(await messaging(text({ idempotencyKey: '' }), lambdaContext)).toMatchObject({ statusCode: 400, fields: [{ field: 'idempotencyKey' }] });
    expect(await messaging(text({ idempotencyKey: 'x'.repeat(256) }), lambdaContext)).toMatchObject({ statusCode: 400, fields: [{ field: 'idempotencyKey' }] });
    expect(await messaging(text({ idempotencyKey: 42 }), lambdaContext)).toMatchObject({ statusCode: 400, fields: [{ field: 'idempotencyKey' }] });
    const notASend = await messaging({ action: 'delete_message', messageId: 'x', idempotencyKey: 'k' }, lambdaContext);
    expect(notASend).toMatchObject({ statusCode: 400, fields: [{ field: 'idempotencyKey', reason: expect.stringContaining('only actions that send') }] });
    expect(eum.sends).toHaveLength(0);
  });

  it('aliases of sends take keys too (send_reply → send_text)', async () => {
    const key = newKey();
    await messaging(text({ idempotencyKey: key }), lambdaContext);
    const replyTo = eum.sends[0]!.wamid;
    const replyKey = newKey();
    const a = await messaging({ action: 'send_reply', to: CUSTOMER, text: 'r', replyTo, enforceWindow: false, idempotencyKey: replyKey }, lambdaContext);
    const b = await messaging({ action: 'send_reply', to: CUSTOMER, text: 'r', replyTo, enforceWindow: false, idempotencyKey: replyKey }, lambdaContext);
    expect(a, JSON.stringify(a)).toMatchObject({ statusCode: 200 });
    expect(b).toEqual(a);
    expect(eum.sends).toHaveLength(2);
  });
});

describe('ambiguous send failures', () => {
  it('EUM fails after sending: one send (no SDK retry), 502 sent "unknown" with the key to retry with', async () => {
    const key = newKey();
    eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true } });
    const res = await messaging(text({ idempotencyKey: key }), lambdaContext);
    expect(res).toMatchObject({ statusCode: 502, sent: 'unknown', idempotencyKey: key, retryable: true, upstreamError: 'InternalServiceException' });
    expect(res.idempotencyKeyGenerated).toBeUndefined();
    expect(res.error).toMatch(/may or may not have been sent/);
    expect(eum.sends).toHaveLength(1);
    // Nothing is stored for a send we cannot confirm.
    expect((await itemsOfType('MESSAGE')).filter((m) => m.preview === 'once only' && m.createdAt! > eum.sends[0]!.receivedAt)).toHaveLength(0);
  });

  it('without a key, the answer carries a generated one and says so', async () => {
    eum.injectFault({ count: 1, error: { type: 'DependencyException', afterSend: true } });
    const res = await messaging(text(), lambdaContext);
    expect(res).toMatchObject({ statusCode: 502, sent: 'unknown', idempotencyKeyGenerated: true });
    expect(res.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(eum.sends).toHaveLength(1);
  });

  it('a dropped connection after the send is a 503 sent "unknown", not retried', async () => {
    eum.injectFault({ count: 1, error: { type: 'InternalServiceException', afterSend: true, hangUp: true } });
    const res = await messaging(text({ idempotencyKey: newKey() }), lambdaContext);
    expect(res).toMatchObject({ statusCode: 503, sent: 'unknown' });
    expect(eum.sends).toHaveLength(1);
  });

  it('failures before anything is sent are still retried (throttling, 5xx at the door is not retried)', async () => {
    eum.injectFault({ count: 2, error: { type: 'ThrottledRequestException' } });
    const ok = await messaging(text({ idempotencyKey: newKey() }), lambdaContext);
    expect(ok.statusCode).toBe(200);
    expect(eum.sends).toHaveLength(1);
  });
});
