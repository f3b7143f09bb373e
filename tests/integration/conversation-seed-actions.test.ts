import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { customerWrites, hoursAgo } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/** The seed's conversation actions on DynamoDB Local, the EUM stand-in and s3rver. */

let eum: EumStandin;
let published: string[];
let conversations: Invoke;
let messaging: Invoke;
let ingest: Invoke;
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const call = (action: string, body: Record<string, unknown> = {}) => conversations({ action, ...body }, lambdaContext);

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

describe('one conversation', () => {
  it('get_conversation and update_conversation: labels, notes, assignee and contact name, validated; null clears', async () => {
    await customerWrites('+15558880001', { text: 'hello', name: 'Grace' });
    const got = await call('get_conversation', { customer: '+15558880001' });
    expect(got).toMatchObject({ statusCode: 200, windowOpen: true, conversation: { customer: '15558880001', contactName: 'Grace', unreadCount: 1 } });

    const updated = await call('update_conversation', { conversationId: got.conversationId, labels: ['vip', 'vip', 'billing'], notes: 'Call back Monday', assignee: 'ana@example.com' });
    expect(updated).toMatchObject({ statusCode: 200, updated: ['labels', 'notes', 'assignee'], conversation: { labels: ['vip', 'billing'], notes: 'Call back Monday' } });
    const cleared = await call('update_conversation', { conversationId: got.conversationId, assignee: null, contactName: 'Grace H.' });
    expect(cleared.conversation.assignee).toBeUndefined();
    expect((await getItem(got.conversationId))).toMatchObject({ contactName: 'Grace H.', labels: ['vip', 'billing'], notes: 'Call back Monday' });

    const bad = await call('update_conversation', { conversationId: got.conversationId, labels: ['x'.repeat(51)] });
    expect(bad).toMatchObject({ statusCode: 400, fields: [{ field: 'labels.0' }] });
    expect((await call('update_conversation', { conversationId: got.conversationId })).fields[0].reason).toContain('at least one of');
    expect((await call('update_conversation', { customer: '+15558889999', notes: 'x' })).statusCode).toBe(404);
    expect((await call('get_conversation', {})).statusCode).toBe(400);
  });

  it('get_archived_conversations lists what archive_conversation hid, until the customer writes again', async () => {
    await customerWrites('+15558880002', { text: 'hi' });
    await call('archive_conversation', { customer: '+15558880002' });
    const archived = await call('get_archived_conversations');
    expect(archived.conversations.map((c: { customer: string }) => c.customer)).toEqual(['15558880002']);
    // Meta's timestamps have whole seconds: this message is surely after the archive.
    await customerWrites('+15558880002', { text: 'me again', at: new Date(Date.now() + 2000) });
    expect((await call('get_archived_conversations')).count).toBe(0);
    expect((await call('get_archived_conversations', { limit: 0 })).statusCode).toBe(400);
  });

  it('get_unread_count counts per number and in total', async () => {
    await customerWrites('+15558880003', { text: 'a' });
    await customerWrites('+15558880003', { text: 'b' });
    const res = await call('get_unread_count');
    const mine = res.numbers[0].conversations.find((c: { customer: string }) => c.customer === '15558880003');
    expect(mine.unreadCount).toBe(2);
    expect(res.numbers[0].phoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
    expect(res.totalUnread).toBe(res.numbers[0].unreadMessages);
    await call('mark_conversation_read', { customer: '+15558880003' });
    const after = await call('get_unread_count', { phoneNumberId: DEMO_PHONE.phoneNumberId, includeConversations: false });
    expect(after.totalUnread).toBe(res.totalUnread - 2);
    expect(after.numbers[0].conversations).toBeUndefined();
  });
});

describe('finding messages', () => {
  it('search_messages finds text case-insensitively in a conversation, pages through matches, and bounds time ranges', async () => {
    const customer = '+15558880004';
    // A second apart: Meta's timestamps have whole seconds, and newest first must be unambiguous.
    const texts = ['Where is my ORDER?', 'thanks', 'order 42 arrived', 'bye'];
    for (const [i, text] of texts.entries()) await customerWrites(customer, { text, at: new Date(Date.now() - (10 - i) * 1000) });
    const first = await call('search_messages', { customer, query: 'order', limit: 1 });
    expect(first).toMatchObject({ statusCode: 200, count: 1 });
    expect(first.messages[0].text).toBe('order 42 arrived');
    const second = await call('search_messages', { customer, query: 'order', limit: 1, cursor: first.nextCursor });
    expect(second.messages[0].text).toBe('Where is my ORDER?');

    const ranged = await call('search_messages', { query: 'order', from: hoursAgo(1).toISOString() });
    expect(ranged.messages.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(['order 42 arrived', 'Where is my ORDER?']));
    expect((await call('search_messages', { query: 'order' })).fields[0]).toMatchObject({ field: 'from' });
    const tooLong = await call('search_messages', { query: 'x', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(tooLong.fields[0].reason).toContain('31 days');
    expect((await call('search_messages', { query: '', customer })).fields[0].field).toBe('query');
  });

  it('get_delivery_status and get_failed_messages show statuses, Meta errors and whether a resend helps', async () => {
    const customer = '+15558880005';
    await customerWrites(customer, { text: 'hi' });
    eum.reset();
    published.length = 0;
    eum.injectFault({ count: 1, metaError: { code: 131026, title: 'Message undeliverable', details: 'not on WhatsApp' } });
    const sent = await messaging({ action: 'send_text', to: customer, text: 'will fail' }, lambdaContext);
    await eum.idle();
    for (const body of published.splice(0)) await ingest(snsEvent(snsRecord(body)), lambdaContext);

    const status = await call('get_delivery_status', { messageId: sent.messageId });
    expect(status).toMatchObject({ statusCode: 200, status: 'failed', direction: 'OUTBOUND' });
    expect(status.history.map((h: { status: string }) => h.status)).toEqual(['accepted', 'failed']);
    expect(status.errors[0]).toMatchObject({ code: 131026, retryable: false });

    const failed = await call('get_failed_messages', { from: hoursAgo(1).toISOString() });
    expect(failed.messages.map((m: { messageId: string }) => m.messageId)).toContain(sent.messageId);
    expect(failed.messages.every((m: { errors: unknown[] }) => m.errors.length > 0)).toBe(true);
    expect((await call('get_failed_messages', {})).fields[0].field).toBe('from');
    expect((await call('get_delivery_status', { messageId: 'nope' })).statusCode).toBe(404);
  });
});

describe('export_messages', () => {
  it('streams a large conversation to the bucket as JSON Lines (multipart) and CSV, with a presigned URL', async () => {
    const customer = '15558880006';
    await customerWrites(`+${customer}`, { text: 'first, "quoted"' });
    const conversationId = (await call('get_conversation', { customer: `+${customer}` })).conversationId;
    // Prepare: 1,200 more messages of 5 KB each (6 MB, more than one 5 MB part).
    const base = Date.parse('2026-01-01T00:00:00Z');
    const items = Array.from({ length: 1200 }, (_, i) => ({
      pk: `MSG#wamid.export${i}`,
      itemType: 'MESSAGE',
      direction: 'INBOUND',
      messageId: `wamid.export${i}`,
      conversationPk: conversationId,
      from: customer,
      type: 'text',
      text: `${i} ${'x'.repeat(5000)}`,
      receivedAt: new Date(base + i * 1000).toISOString(),
    }));
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { [process.env.TABLE_NAME!]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    const jsonl = await call('export_messages', { conversationId });
    expect(jsonl).toMatchObject({ statusCode: 200, format: 'jsonl', messages: 1201, truncated: false });
    expect(jsonl.bytes).toBeGreaterThan(6_000_000);
    const body = await (await fetch(jsonl.url)).text();
    const lines = body.trim().split('\n');
    expect(lines).toHaveLength(1201);
    expect(JSON.parse(lines[0]!)).toMatchObject({ text: 'first, "quoted"', conversationId });

    const csv = await call('export_messages', { conversationId, format: 'csv', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:09Z', maxMessages: 5 });
    expect(csv).toMatchObject({ messages: 5, truncated: true });
    const rows = (await (await fetch(csv.url)).text()).trim().split('\r\n');
    expect(rows[0]).toBe('receivedAt,direction,messageId,waMessageId,conversationId,from,to,type,status,text');
    expect(rows).toHaveLength(6);
    expect(rows[1]).toContain('wamid.export9');

    expect((await call('export_messages', { format: 'xml', conversationId })).fields[0].field).toBe('format');
    expect((await call('export_messages', { customer: '+15558889998' })).statusCode).toBe(404);
  });
});
