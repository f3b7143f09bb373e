import { ReceiveMessageCommand, SQSClient, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundMediaValue, inboundTextValue, newWamid, statusValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { recordOutbound } from '../../shared/table/messages';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getConversationView, getItem, itemsOfType } from './helpers/table';

let eum: EumStandin;
let ingest: Invoke;
let conversations: Invoke;
const sqs = new SQSClient({});

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
});

const conversationPk = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;
const textEnvelope = (from: string, text: string, extra: Partial<Parameters<typeof inboundTextValue>[0]> = {}) =>
  JSON.stringify(buildEnvelope({ field: 'messages', value: inboundTextValue({ from, text, name: 'Ana', ...extra }) }));

async function deadLetters() {
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
  return (out.Messages ?? []).map((m) => ({ body: JSON.parse(m.Body!), attributes: m.MessageAttributes }));
}

describe('ingest: inbound messages', () => {
  it('stores an inbound text as an INBOUND MESSAGE and creates the conversation', async () => {
    const wamid = newWamid();
    const res = await ingest(snsEvent(snsRecord(textEnvelope('15557770001', 'hi there', { wamid }))));
    expect(res).toMatchObject({ records: 1, failed: 0 });
    const msg = await getItem(`MSG#${wamid}`);
    expect(msg).toMatchObject({
      itemType: 'MESSAGE',
      direction: 'INBOUND',
      from: '15557770001',
      type: 'text',
      text: 'hi there',
      preview: 'hi there',
      conversationPk: conversationPk('15557770001'),
      contactName: 'Ana',
    });
    expect(msg!.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const conv = await getConversationView(conversationPk('15557770001'));
    expect(conv).toMatchObject({ unreadCount: 1, lastMessage: 'hi there', lastMessageDirection: 'INBOUND', contactName: 'Ana', inboxPk: `INBOX#${DEMO_PHONE.arn}` });
    expect(Date.parse(conv!.windowExpiresAt as string) - Date.parse(conv!.lastInboundAt as string)).toBe(24 * 3600 * 1000);

    const list = await conversations({ action: 'get_conversations' }, lambdaContext);
    expect(list.conversations.map((c: { pk: string }) => c.pk)).toContain(conversationPk('15557770001'));
    const msgs = await conversations({ action: 'get_messages', customer: '+15557770001' }, lambdaContext);
    expect(msgs.messages[0]).toMatchObject({ messageId: wamid, text: 'hi there' });
  });

  it('a second delivery of the same SNS message, or the same message in a new SNS message, changes nothing', async () => {
    const body = textEnvelope('15557770002', 'once');
    const record = snsRecord(body);
    await ingest(snsEvent(record));
    const before = await getItem(conversationPk('15557770002'));
    expect(await getConversationView(conversationPk('15557770002'))).toMatchObject({ unreadCount: 1 });
    await ingest(snsEvent(record));
    await ingest(snsEvent(snsRecord(body)));
    const after = await getItem(conversationPk('15557770002'));
    expect(after).toEqual(before);
    expect((await itemsOfType('MESSAGE')).filter((m) => m.from === '15557770002')).toHaveLength(1);
  });

  it('processes every message and change of a batched envelope', async () => {
    const a = inboundTextValue({ from: '15557770003', text: 'one' });
    const b = inboundTextValue({ from: '15557770003', text: 'two', timestamp: new Date(Date.now() + 1000) });
    const env = buildEnvelope({ field: 'messages', value: { ...a, messages: [...a.messages!, ...b.messages!] } });
    const entry = JSON.parse(env.whatsAppWebhookEntry as string);
    entry.changes.push({ field: 'messages', value: inboundTextValue({ from: '15557770004', text: 'three' }) });
    env.whatsAppWebhookEntry = JSON.stringify(entry);
    const res = await ingest(snsEvent(snsRecord(JSON.stringify(env))));
    expect(res.results[0]).toMatchObject({ ok: true, inbound: 3 });
    expect(await getConversationView(conversationPk('15557770003'))).toMatchObject({ unreadCount: 2, lastMessage: 'two' });
    expect(await getConversationView(conversationPk('15557770004'))).toMatchObject({ unreadCount: 1 });
  });

  it('accepts whatsAppWebhookEntry as an object as well as a JSON string', async () => {
    const env = buildEnvelope({ field: 'messages', value: inboundTextValue({ from: '15557770005', text: 'object entry' }) });
    const asObject = { ...env, whatsAppWebhookEntry: JSON.parse(env.whatsAppWebhookEntry as string) };
    const res = await ingest(snsEvent(snsRecord(JSON.stringify(asObject))));
    expect(res.failed).toBe(0);
    expect(await getItem(conversationPk('15557770005'))).toMatchObject({ lastMessage: 'object entry' });
  });

  it('a sender known only by business-scoped user id, without a profile, is stored under that id', async () => {
    const value = inboundTextValue({ from: '1', text: 'no phone', userId: 'US.13491208655302741918' }) as any;
    delete value.messages[0].from;
    delete value.contacts[0].wa_id;
    delete value.contacts[0].profile;
    await ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value })))));
    expect(await getConversationView(conversationPk('US.13491208655302741918'))).toMatchObject({ unreadCount: 1, customer: 'US.13491208655302741918' });
  });

  it('other message types are stored with their raw payload and a preview, without crashing', async () => {
    const value = inboundMediaValue({ from: '15557770006', kind: 'image', mediaId: '123456', mimeType: 'image/jpeg', caption: 'look' });
    const res = await ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value })))));
    expect(res.failed).toBe(0);
    const [msg] = (await itemsOfType('MESSAGE')).filter((m) => m.from === '15557770006');
    expect(msg).toMatchObject({ type: 'image', preview: 'look', payload: { image: { id: '123456' } } });
  });

  it('unknown webhook fields are kept as WEBHOOK_EVENT items, once', async () => {
    const body = JSON.stringify(buildEnvelope({ field: 'brand_new_field', value: { anything: [1, 2, 3] } }));
    await ingest(snsEvent(snsRecord(body)));
    await ingest(snsEvent(snsRecord(body)));
    const events = (await itemsOfType('WEBHOOK_EVENT')).filter((e) => e.field === 'brand_new_field');
    expect(events).toHaveLength(1);
    expect(events[0]!.value).toEqual({ anything: [1, 2, 3] });
  });
});

describe('ingest: failures', () => {
  it('a malformed record goes to the dead-letter queue with its reason; the other records still succeed', async () => {
    const good = snsRecord(textEnvelope('15557770010', 'good one'));
    const notJson = snsRecord('{"context": nope');
    const wrongShape = snsRecord(JSON.stringify({ hello: 'world' }));
    const res = await ingest(snsEvent(notJson, good, wrongShape));
    expect(res).toMatchObject({ records: 3, failed: 2 });
    expect(await getItem(conversationPk('15557770010'))).toMatchObject({ lastMessage: 'good one' });
    const letters = await deadLetters();
    expect(letters).toHaveLength(2);
    const bySns = Object.fromEntries(letters.map((l) => [l.body.snsMessageId, l.body]));
    expect(bySns[notJson.Sns.MessageId]).toMatchObject({ kind: 'ingest-record', poison: true, reason: expect.stringContaining('not JSON') });
    expect(bySns[wrongShape.Sns.MessageId].reason).toContain('whatsAppWebhookEntry');
    // The letter carries the record itself, so it can be replayed as is.
    expect(bySns[notJson.Sns.MessageId].record.Sns.Message).toBe(notJson.Sns.Message);
  });
});

describe('ingest: statuses', () => {
  it('a status that arrives before its message is kept and applied when the message is stored', async () => {
    const eumId = '0f0f0f0f-1111-2222-3333-444455556666';
    const wamid = newWamid();
    const delivered = buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'delivered', recipientId: '15557770020' }), messageId: eumId });
    await ingest(snsEvent(snsRecord(JSON.stringify(delivered))));
    expect(await getItem(`PENDING_STATUS#${eumId}`)).toBeTruthy();

    await recordOutbound({
      eumMessageId: eumId,
      phone: { arn: DEMO_PHONE.arn, phoneNumberId: DEMO_PHONE.phoneNumberId },
      customer: '15557770020',
      type: 'text',
      preview: 'x',
      payload: {},
    });
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'delivered', waMessageId: wamid });
    expect(await getItem(`PENDING_STATUS#${eumId}`)).toBeUndefined();
  });

  it('a status without EUM id finds the message through its wamid', async () => {
    const eumId = '0f0f0f0f-1111-2222-3333-777788889999';
    const wamid = newWamid();
    await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer: '15557770021', type: 'text', preview: 'x', payload: {} });
    const sent = buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'sent', recipientId: '15557770021' }), messageId: eumId });
    await ingest(snsEvent(snsRecord(JSON.stringify(sent))));
    const read = buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'read', recipientId: '15557770021' }) });
    await ingest(snsEvent(snsRecord(JSON.stringify(read))));
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'read' });
  });
});
