import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { allItems } from './helpers/table';

/**
 * Issue 9's fuzzer findings, each as the caller would meet it: inputs that got a 500 (unbounded ids, foreign or
 * garbled cursors) and inputs that were accepted although they contradict themselves. Each must be a 400 that
 * names the field(s) at fault, and nothing is sent or stored.
 */

let eum: EumStandin;
let messaging: Invoke;
let conversations: Invoke;
let media: Invoke;
const ALICE = '15554440001';
const BOB = '15554440002';
let aliceWamid: string;
let bobWamid: string;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  media = (await import('../../functions/media/handler')).handler as unknown as Invoke;
  aliceWamid = await customerWrites(ALICE, { text: 'one' });
  await customerWrites(ALICE, { text: 'two', at: new Date(Date.now() + 1000) });
  bobWamid = await customerWrites(BOB, { text: 'three' });
  await customerWrites(BOB, { text: 'four', at: new Date(Date.now() + 1000) });
});
afterAll(() => eum.close());

const convId = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** A 400 whose `fields` names each of `fields` (and nothing was sent to EUM). */
function expect400(res: Record<string, any>, ...fields: string[]) {
  expect(res.statusCode, JSON.stringify(res)).toBe(400);
  const named = (res.fields as { field: string }[]).map((f) => f.field);
  for (const field of fields) expect(named.some((n) => n === field || n.split('|').includes(field)), `${field} in ${named}`).toBe(true);
}

describe('ids and keys are bounded at the schema', () => {
  it.each([
    ['get_message messageId of 3,000 characters', () => conversations({ action: 'get_message', messageId: `wamid.${'A'.repeat(3000)}` }, lambdaContext), 'messageId'],
    ['get_messages conversationId of 2,100 characters', () => conversations({ action: 'get_messages', conversationId: `CONV#${'x'.repeat(2100)}` }, lambdaContext), 'conversationId'],
    ['archive_conversation conversationId of 2,100 characters', () => conversations({ action: 'archive_conversation', conversationId: `CONV#${'x'.repeat(2100)}` }, lambdaContext), 'conversationId'],
    ['send_text replyTo of 3,000 characters', () => messaging({ action: 'send_text', to: ALICE, text: 'hi', replyTo: 'r'.repeat(3000) }, lambdaContext), 'replyTo'],
    ['send_reaction messageId of 3,000 characters', () => messaging({ action: 'send_reaction', to: ALICE, emoji: '👍', messageId: 'm'.repeat(3000) }, lambdaContext), 'messageId'],
    ['send_text to a business-scoped id of 2,100 characters', () => messaging({ action: 'send_text', to: `US.${'1'.repeat(2100)}`, text: 'hi' }, lambdaContext), 'to'],
    ['get_messages customer a business-scoped id of 2,100 characters', () => conversations({ action: 'get_messages', customer: `US.${'1'.repeat(2100)}` }, lambdaContext), 'customer'],
    ['get_media_url s3Key with a NUL byte', () => media({ action: 'get_media_url', s3Key: 'uploads/a\u0000b.png' }, lambdaContext), 's3Key'],
    ['send_image s3Key with a NUL byte', () => messaging({ action: 'send_image', to: ALICE, s3Key: 'uploads/a\u0000b.png' }, lambdaContext), 's3Key'],
    ['send_image s3Key of 1,024 characters in one segment', () => messaging({ action: 'send_image', to: ALICE, s3Key: 'k'.repeat(1024) }, lambdaContext), 's3Key'],
    ['phoneNumberId of 3,000 characters', () => conversations({ action: 'get_conversations', phoneNumberId: `phone-number-id-${'a'.repeat(3000)}` }, lambdaContext), 'phoneNumberId'],
    ['metaWabaId of 3,000 characters', () => conversations({ action: 'get_conversations', metaWabaId: '1'.repeat(3000) }, lambdaContext), 'metaWabaId'],
  ])('%s is a 400 naming the field', async (_name, act, field) => {
    expect400(await act(), field);
    expect(eum.sends.filter((s) => s.kind !== 'mark_read')).toHaveLength(0);
  });
});

describe('cursors', () => {
  const messagesPage = (customer: string, cursor?: string) =>
    conversations({ action: 'get_messages', customer, limit: 1, ...(cursor ? { cursor } : {}) }, lambdaContext);

  it('a cursor continues its own list', async () => {
    const first = await messagesPage(ALICE);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await messagesPage(ALICE, first.nextCursor);
    expect(second.statusCode).toBe(200);
    expect(second.messages[0].pk).not.toBe(first.messages[0].pk);
  });

  it("another customer's cursor is a 400 that says it belongs to another list", async () => {
    const alicePage = await messagesPage(ALICE);
    const res = await messagesPage(BOB, alicePage.nextCursor);
    expect400(res, 'cursor');
    expect(res.error).toMatch(/cursor/);
  });

  it("get_conversations' cursor given to get_messages (and back) is a 400", async () => {
    const conv = await conversations({ action: 'get_conversations', limit: 1 }, lambdaContext);
    expect(conv.nextCursor).toEqual(expect.any(String));
    expect400(await messagesPage(ALICE, conv.nextCursor), 'cursor');
    const msgs = await messagesPage(ALICE);
    expect400(await conversations({ action: 'get_conversations', limit: 1, cursor: msgs.nextCursor }, lambdaContext), 'cursor');
  });

  it.each([
    ['{} base64-encoded', b64({})],
    ['an array', b64([1, 2])],
    ['not base64 JSON', 'not-a-cursor'],
    ['extra fields', 'EXTRA'],
    ['mistyped fields', 'MISTYPED'],
    ['a key of another partition', 'FOREIGN_KEY'],
    ['3,000 characters', 'A'.repeat(3000)],
  ])('a cursor that is %s is a 400 on cursor', async (_name, raw) => {
    const page = await messagesPage(ALICE);
    const decoded = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString('utf8'));
    const tamper = (f: (v: any) => unknown) => b64(f(structuredClone(decoded)));
    const cursor =
      raw === 'EXTRA'
        ? tamper((v) => ({ ...v, extra: 1 }))
        : raw === 'MISTYPED'
          ? tamper((v) => JSON.parse(JSON.stringify(v).replace(/"receivedAt":"[^"]*"/g, '"receivedAt":42')))
          : raw === 'FOREIGN_KEY'
            ? tamper((v) => JSON.parse(JSON.stringify(v).replaceAll(ALICE, BOB)))
            : raw;
    const res = await messagesPage(ALICE, cursor);
    expect400(res, 'cursor');
  });
});

describe('conflicting references are a 400 naming both fields', () => {
  it('unarchive_conversation with customer and to naming different customers', async () => {
    expect400(await conversations({ action: 'unarchive_conversation', customer: ALICE, to: BOB }, lambdaContext), 'customer', 'to');
  });

  it('get_messages with the conversationId of one customer and customer of another', async () => {
    expect400(await conversations({ action: 'get_messages', conversationId: convId(ALICE), customer: BOB }, lambdaContext), 'conversationId', 'customer');
  });

  it('the same customer named twice is fine', async () => {
    const res = await conversations({ action: 'get_messages', conversationId: convId(ALICE), customer: `+${ALICE}`, to: ALICE }, lambdaContext);
    expect(res.statusCode).toBe(200);
  });

  it('send_reaction to a message of another conversation is refused before sending', async () => {
    const before = (await allItems()).length;
    expect400(await messaging({ action: 'send_reaction', to: ALICE, messageId: bobWamid, emoji: '👍' }, lambdaContext), 'messageId', 'to');
    expect(eum.sends).toHaveLength(0);
    expect((await allItems()).length).toBe(before);
    const ok = await messaging({ action: 'send_reaction', to: ALICE, messageId: aliceWamid, emoji: '👍' }, lambdaContext);
    expect(ok.statusCode).toBe(200);
  });
});

describe('bodies', () => {
  it.each([['null'], ['true'], ['42'], ['[]'], ['"text"']])('a raw %s body is a 400 naming body', async (raw) => {
    const res = await conversations(httpEvent('POST', '/conversations/get_conversations', raw, true), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).fields).toEqual([{ field: 'body', reason: expect.stringContaining('JSON object') }]);
  });
});

describe('a JSON null body as serverless offline delivers it', () => {
  it('arrives as body null with a content length, and is a 400 naming body', async () => {
    const event = httpEvent('POST', '/conversations/get_conversations');
    (event as { body: unknown }).body = null;
    event.headers['content-length'] = '4';
    const res = await conversations(event, lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).fields).toEqual([{ field: 'body', reason: expect.stringContaining('JSON object') }]);
  });
});
