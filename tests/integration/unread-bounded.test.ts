import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { newWamid } from '../../local/standins/eum/envelope';
import { dynamo } from '../../shared/table/client';
import { markRead, recordInboundOnConversation, UNREAD_WINDOW } from '../../shared/table/conversation-unread';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { deleteStoredMessage } from '../../shared/table/message-removal';
import { recordInbound, type InboundMessage } from '../../shared/table/messages';
import { keys } from '../../shared/table/keys';
import { getItem } from './helpers/table';

/**
 * Issue 8.7: a conversation's unread bookkeeping stays small however many messages are unread, and the count stays
 * exact: each message once, redeliveries never, mark-read back to zero. Messages go in through the repository
 * (the two writes ingest makes per text), 8 at a time, so the one conversation item is contended and some arrive
 * out of order.
 */
const customer = '15553330001';
const conversationPk = keys.conversation(DEMO_PHONE.arn, customer);
const T0 = Date.UTC(2026, 2, 1);
const MESSAGES = 8_000;

const message = (wamid: string, i: number): InboundMessage => ({
  wamid,
  phone: { arn: DEMO_PHONE.arn, phoneNumberId: DEMO_PHONE.phoneNumberId },
  customer,
  contactName: 'Busy',
  receivedAt: new Date(T0 + i * 1000).toISOString(),
  type: 'text',
  preview: `message ${i}`,
  attributes: { text: `message ${i}` },
});

/** The message item as recordInbound stores it (the attributes delete_message and the unread rules read). */
const storedItem = (wamid: string, i: number) => ({
  pk: keys.message(wamid),
  itemType: 'MESSAGE',
  direction: 'INBOUND',
  messageId: wamid,
  waMessageId: wamid,
  conversationPk,
  from: customer,
  type: 'text',
  text: `message ${i}`,
  receivedAt: new Date(T0 + i * 1000).toISOString(),
  createdAt: new Date().toISOString(),
});

async function inParallel(n: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await work(next++);
  }));
}

/** A client whose conversation updates fail, as if the process died between the message put and that update. */
function failingConversationUpdates() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateItemCommand') throw new Error('connection reset');
      return next(args);
    },
    { step: 'initialize', name: 'failConversationUpdate' },
  );
  return client;
}

const view = async () => presentConversation((await getConversation(conversationPk, { consistent: true }))!);
/** The item's size as DynamoDB counts it, near enough: attribute names and marshalled values. */
const itemBytes = async () => JSON.stringify(marshall((await getConversation(conversationPk, { consistent: true }))!)).length;

describe('unread count: bounded item, exact count', () => {
  const wamids = Array.from({ length: MESSAGES }, () => newWamid());

  beforeAll(async () => {
    // Fast: the message items 25 to a request, then each message's conversation update as recordInbound makes it
    // after a new put. The redeliveries below go through recordInbound whole.
    await inParallel(MESSAGES / 25, 4, (b) =>
      dynamo().send(
        new BatchWriteCommand({
          RequestItems: {
            [process.env.TABLE_NAME!]: wamids.slice(b * 25, b * 25 + 25).map((wamid) => ({
              PutRequest: { Item: storedItem(wamid, wamids.indexOf(wamid)) },
            })),
          },
        }),
      ),
    );
    await inParallel(MESSAGES, 8, (i) => {
      const m = message(wamids[i]!, i);
      return recordInboundOnConversation({ conversationPk, phone: m.phone, customer, contactName: m.contactName, wamid: m.wamid, at: m.receivedAt, preview: m.preview, type: m.type, isNew: true });
    });
  }, 300_000);

  it(`counts ${MESSAGES} unread messages exactly while the item stays far below 400 KB`, async () => {
    const conv = await getConversation(conversationPk, { consistent: true });
    expect(conv!.unreadCount).toBe(MESSAGES);
    expect((conv!.unreadKeys as Set<string>).size).toBeLessThanOrEqual(UNREAD_WINDOW);
    expect((conv!.unreadKeysOld as Set<string>).size).toBeLessThanOrEqual(UNREAD_WINDOW);
    expect(conv!.unreadIds).toBeUndefined();
    expect(await itemBytes()).toBeLessThan(20_000);
    expect(conv).toMatchObject({ lastMessage: `message ${MESSAGES - 1}`, lastInboundMessageId: wamids[MESSAGES - 1] });
    expect((await view()).unreadCount).toBe(MESSAGES);
  });

  it('a redelivery never counts twice, whether its id is still in the window or long gone from it', async () => {
    const recent = Array.from({ length: 50 }, (_, k) => MESSAGES - 1 - k);
    const old = Array.from({ length: 50 }, (_, k) => k * 97);
    await inParallel(100, 16, async (k) => {
      const i = k < 50 ? recent[k]! : old[k - 50]!;
      expect(await recordInbound(message(wamids[i]!, i))).toBe(false);
    });
    // The same message delivered twice at once: one count.
    const twice = newWamid();
    await Promise.all([recordInbound(message(twice, MESSAGES)), recordInbound(message(twice, MESSAGES))]);
    expect((await view()).unreadCount).toBe(MESSAGES + 1);
  });

  it('a delivery that stopped between its two writes is counted once when redelivered, before and after rotations', async () => {
    // Rotations stamp the time they happened; move those of the busy chat back a minute, as if it had gone quiet.
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    await dynamo().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: conversationPk },
        UpdateExpression: 'SET unreadWindowSince = :t, unreadGenSince = :t',
        ExpressionAttributeValues: { ':t': minuteAgo },
      }),
    );
    const quietChat = keys.conversation(DEMO_PHONE.arn, '15553330003');
    for (const [chat, expected] of [[conversationPk, MESSAGES + 2], [quietChat, 1]] as const) {
      const wamid = newWamid();
      const m = { ...message(wamid, MESSAGES + 1), customer: chat === conversationPk ? customer : '15553330003' };
      // The first delivery stores the message, then fails on the conversation update (a crash, a timeout).
      await expect(recordInbound(m, { client: failingConversationUpdates(), name: process.env.TABLE_NAME! })).rejects.toThrow('connection reset');
      expect(await getItem(`MSG#${wamid}`)).toBeDefined();
      expect(await recordInbound(m)).toBe(false);
      expect(await recordInbound(m)).toBe(false);
      expect(presentConversation((await getConversation(chat, { consistent: true }))!).unreadCount).toBe(expected);
    }
  });

  it('deleting an unread message takes it off the count, in the window or not', async () => {
    // The test above moved the window's start back a minute; on a fast run that is before message 10 was stored,
    // a state the 8,000 messages' rotations never leave. Put it back to now, after every early message was stored.
    await dynamo().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: conversationPk },
        UpdateExpression: 'SET unreadWindowSince = :t',
        ExpressionAttributeValues: { ':t': new Date().toISOString() },
      }),
    );
    await deleteStoredMessage((await getItem(`MSG#${wamids[MESSAGES - 1]}`))!);
    await deleteStoredMessage((await getItem(`MSG#${wamids[10]}`))!);
    expect((await view()).unreadCount).toBe(MESSAGES);
  });

  it('mark-read resets the count to zero, and redeliveries of read messages stay read', async () => {
    const before = (await getConversation(conversationPk, { consistent: true }))!;
    const after = await markRead(conversationPk, before, before.lastInboundAt as string);
    expect(presentConversation(after!).unreadCount).toBe(0);
    await recordInbound(message(wamids[MESSAGES - 2]!, MESSAGES - 2));
    await recordInbound(message(wamids[5]!, 5));
    expect((await view()).unreadCount).toBe(0);

    const fresh = newWamid();
    await recordInbound(message(fresh, MESSAGES + 10));
    expect((await view()).unreadCount).toBe(1);
    expect(await itemBytes()).toBeLessThan(20_000);
  });

  it('a read that raced a deletion never leaves the count below zero', async () => {
    const pk = keys.conversation(DEMO_PHONE.arn, '15553330002');
    await dynamo().send(new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: { pk }, UpdateExpression: 'SET unreadCount = :n', ExpressionAttributeValues: { ':n': 1 } }));
    const after = await markRead(pk, { unreadCount: 3 }, new Date(T0).toISOString());
    expect(presentConversation(after!).unreadCount).toBe(0);
  });
});
