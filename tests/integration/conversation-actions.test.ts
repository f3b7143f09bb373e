import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';

let eum: EumStandin;
let published: string[];
let conversations: Invoke;
let ingest: Invoke;
let messaging: Invoke;

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, input: Record<string, unknown> = {}) => conversations({ action, ...input }, lambdaContext);
/** The customer writes: the stand-in (WhatsApp's side) opens their window and builds the webhook ingest stores. */
async function inbound(from: string, text: string, at = new Date()) {
  const wrote = await eum.customerWrites({ from, text, at: at.toISOString(), deliver: false });
  await ingest(snsEvent(snsRecord(wrote.body)));
  return wrote.wamid;
}
const convId = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;

describe('conversation actions', () => {
  it('mark_conversation_read zeroes the unread count and can send a read receipt for the last inbound message', async () => {
    await inbound('15556660001', 'one');
    const last = await inbound('15556660001', 'two', new Date(Date.now() + 1000));
    expect((await call('get_messages', { customer: '15556660001' })).conversation.unreadCount).toBe(2);

    const res = await call('mark_conversation_read', { customer: '+15556660001', sendReadReceipt: true });
    expect(res).toMatchObject({ statusCode: 200, unreadCount: 0, readReceiptSent: true });
    expect(res.conversation.unreadCount).toBe(0);
    const receipt = eum.sends.find((s) => s.kind === 'mark_read');
    expect(receipt?.message).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: last });

    await inbound('15556660001', 'three', new Date(Date.now() + 2000));
    expect((await call('get_messages', { conversationId: convId('15556660001') })).conversation.unreadCount).toBe(1);
  });

  it('a message that arrives late but was sent after the read point still counts as unread', async () => {
    const start = Date.now();
    await inbound('15556660009', 'one', new Date(start));
    await call('mark_conversation_read', { customer: '15556660009' });
    await inbound('15556660009', 'three', new Date(start + 20_000));
    // SNS does not keep order: 'two' arrives after 'three' was stored, but the business has not seen either.
    await inbound('15556660009', 'two', new Date(start + 10_000));

    const { conversation } = await call('get_messages', { customer: '15556660009' });
    expect(conversation).toMatchObject({ unreadCount: 2, lastMessage: 'three' });
  });

  it('archive hides a conversation from get_conversations until unarchived or the customer writes again', async () => {
    await inbound('15556660002', 'hello');
    const listed = async (extra: Record<string, unknown> = {}) =>
      (await call('get_conversations', { limit: 100, ...extra })).conversations.map((c: { customer: string }) => c.customer);
    expect(await listed()).toContain('15556660002');

    expect(await call('archive_conversation', { conversationId: convId('15556660002') })).toMatchObject({ statusCode: 200, archived: true });
    expect(await listed()).not.toContain('15556660002');
    expect(await listed({ includeArchived: true })).toContain('15556660002');

    expect(await call('unarchive_conversation', { customer: '15556660002' })).toMatchObject({ archived: false });
    expect(await listed()).toContain('15556660002');

    await call('archive_conversation', { customer: '15556660002' });
    await inbound('15556660002', 'back again', new Date(Date.now() + 1000));
    expect(await listed()).toContain('15556660002');
  });

  it('actions on a conversation that does not exist are a 404', async () => {
    for (const action of ['mark_conversation_read', 'archive_conversation', 'unarchive_conversation', 'get_messages']) {
      expect((await call(action, { customer: '+15550000099' })).statusCode, action).toBe(404);
    }
    expect((await call('archive_conversation', {})).statusCode).toBe(400);
  });

  it('get_message finds a message by wamid or by the id a send returned', async () => {
    const wamid = await inbound('15556660003', 'find me');
    expect((await call('get_message', { messageId: wamid })).message).toMatchObject({ direction: 'INBOUND', text: 'find me' });

    published.length = 0;
    const sent = await messaging({ action: 'send_text', to: '15556660003', text: 'reply' }, lambdaContext);
    await eum.idle();
    for (const body of published) await ingest(snsEvent(snsRecord(body)));
    const byOurId = (await call('get_message', { messageId: sent.messageId })).message;
    expect(byOurId).toMatchObject({ direction: 'OUTBOUND', status: 'read' });
    expect((await call('get_message', { messageId: byOurId.waMessageId })).message.pk).toBe(byOurId.pk);
    expect((await call('get_message', { messageId: 'wamid.nope' })).statusCode).toBe(404);
  });

  it('get_conversations pages newest first without gaps or repeats', async () => {
    const base = Date.now() + 60_000;
    for (let i = 0; i < 5; i++) await inbound(`1555777000${i}`, `m${i}`, new Date(base + i * 1000));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('get_conversations', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations.map((c: { customer: string }) => c.customer));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual(['15557770004', '15557770003', '15557770002', '15557770001', '15557770000']);
    expect((await call('get_conversations', { cursor: 'garbage' })).statusCode).toBe(400);
  });
});
