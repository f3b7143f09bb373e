import { marshall } from '@aws-sdk/util-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { newWamid } from '../../local/standins/eum/envelope';
import { dynamo } from '../../shared/table/client';
import { markRead, unreadKey, UNREAD_WINDOW } from '../../shared/table/conversation-unread';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { deleteStoredMessage } from '../../shared/table/message-removal';
import { recordInbound, type InboundMessage } from '../../shared/table/messages';
import { keys } from '../../shared/table/keys';
import { getItem } from './helpers/table';

/**
 * Issue 10.3: the unread window keeps 12-character keys (digests of the wamids) instead of whole wamids. Conversation
 * items written before hold whole wamids (`unreadIds` / `unreadIdsOld`); a message counted under that form must still
 * never count twice when redelivered, and reading or deleting must still take it off the count.
 */
const T0 = Date.UTC(2026, 4, 1);
const at = (i: number) => new Date(T0 + i * 1000).toISOString();
let customers = 0;

const message = (customer: string, wamid: string, i: number): InboundMessage => ({
  wamid,
  phone: { arn: DEMO_PHONE.arn, phoneNumberId: DEMO_PHONE.phoneNumberId },
  customer,
  contactName: 'Legacy',
  receivedAt: at(i),
  type: 'text',
  preview: `message ${i}`,
  attributes: { text: `message ${i}` },
});

const put = (Item: Record<string, unknown>) => dynamo().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item }));

/**
 * A chat as the code before the keys left it: `older` counted in the older generation, `current` in the current one
 * (the rotation between them a minute ago), every message stored a minute before that, none read.
 */
async function legacyChat(older: number, current: number) {
  const customer = `1555444${String(customers++).padStart(4, '0')}`;
  const conversationPk = keys.conversation(DEMO_PHONE.arn, customer);
  const wamids = Array.from({ length: older + current }, () => newWamid());
  const storedAt = new Date(Date.now() - 120_000).toISOString();
  for (const [i, wamid] of wamids.entries()) {
    const m = message(customer, wamid, i);
    await put({ pk: keys.message(wamid), itemType: 'MESSAGE', direction: 'INBOUND', messageId: wamid, waMessageId: wamid, conversationPk, from: customer, type: 'text', text: m.preview, preview: m.preview, receivedAt: m.receivedAt, createdAt: storedAt });
  }
  const last = wamids.length - 1;
  await put({
    pk: conversationPk,
    itemType: 'CONVERSATION',
    inboxPk: keys.inbox(DEMO_PHONE.arn),
    phoneArn: DEMO_PHONE.arn,
    customer,
    createdAt: storedAt,
    updatedAt: at(last),
    receivedAt: at(last),
    lastMessage: `message ${last}`,
    lastMessageAt: at(last),
    lastMessageId: wamids[last],
    lastInboundAt: at(last),
    lastInboundMessageId: wamids[last],
    unreadCount: wamids.length,
    ...(older ? { unreadIdsOld: new Set(wamids.slice(0, older)) } : {}),
    ...(current ? { unreadIds: new Set(wamids.slice(older)) } : {}),
    unreadWindowSince: new Date(Date.now() - 600_000).toISOString(),
    unreadGenSince: new Date(Date.now() - 60_000).toISOString(),
  });
  return { customer, conversationPk, wamids };
}

const unread = async (pk: string) => presentConversation((await getConversation(pk, { consistent: true }))!).unreadCount;

describe('unread window: items written with whole wamids', () => {
  it('a redelivery of a message counted under the old form is not counted again, in either generation', async () => {
    const chat = await legacyChat(3, 4);
    // The first delivery after the change moves the window to keys; later ones find the keys.
    // The newest first: only the old ids tell it apart from a new message (its time is the last message's).
    for (const i of [6, 5, 1, 6, 0]) expect(await recordInbound(message(chat.customer, chat.wamids[i]!, i))).toBe(false);
    expect(await unread(chat.conversationPk)).toBe(7);

    const item = (await getItem(chat.conversationPk))!;
    expect(item.unreadIds).toBeUndefined();
    expect(item.unreadIdsOld).toBeUndefined();
    expect(item.unreadKeys).toEqual(new Set(chat.wamids.slice(3).map(unreadKey)));
    expect(item.unreadKeysOld).toEqual(new Set(chat.wamids.slice(0, 3).map(unreadKey)));

    // A new message counts once, redelivered or not.
    const fresh = newWamid();
    expect(await recordInbound(message(chat.customer, fresh, 7))).toBe(true);
    expect(await recordInbound(message(chat.customer, fresh, 7))).toBe(false);
    expect(await unread(chat.conversationPk)).toBe(8);
  });

  it('a new message first to meet the old form counts once, and the old ids stay counted', async () => {
    const chat = await legacyChat(0, 5);
    const fresh = newWamid();
    await Promise.all([
      recordInbound(message(chat.customer, fresh, 5)),
      recordInbound(message(chat.customer, fresh, 5)),
      ...chat.wamids.map((w, i) => recordInbound(message(chat.customer, w, i))),
    ]);
    expect(await unread(chat.conversationPk)).toBe(6);
    const item = (await getItem(chat.conversationPk))!;
    expect(item.unreadKeys).toEqual(new Set([...chat.wamids, fresh].map(unreadKey)));
    expect(item.unreadIds).toBeUndefined();
  });

  it('a full window of whole wamids rotates into keys: a redelivery of any of them is still not counted', async () => {
    const chat = await legacyChat(UNREAD_WINDOW, UNREAD_WINDOW);
    const total = 2 * UNREAD_WINDOW;
    for (let i = 0; i < 3; i++) expect(await recordInbound(message(chat.customer, newWamid(), total + i))).toBe(true);
    expect(await unread(chat.conversationPk)).toBe(total + 3);
    for (const i of [0, UNREAD_WINDOW - 1, UNREAD_WINDOW, total - 1]) expect(await recordInbound(message(chat.customer, chat.wamids[i]!, i))).toBe(false);
    expect(await unread(chat.conversationPk)).toBe(total + 3);
    const item = (await getItem(chat.conversationPk))!;
    expect((item.unreadKeys as Set<string>).size).toBeLessThanOrEqual(UNREAD_WINDOW);
    // The item shrank: 200 keys of 12 characters where there were 200 wamids of about 60.
    expect(JSON.stringify(marshall(item)).length).toBeLessThan(5_000);
  });

  it('mark-read and delete_message take messages counted under the old form off the count', async () => {
    const chat = await legacyChat(2, 3);
    await deleteStoredMessage((await getItem(keys.message(chat.wamids[4]!)))!);
    await deleteStoredMessage((await getItem(keys.message(chat.wamids[0]!)))!);
    expect(await unread(chat.conversationPk)).toBe(3);

    const before = (await getConversation(chat.conversationPk, { consistent: true }))!;
    const after = (await markRead(chat.conversationPk, before, at(4)))!;
    expect(presentConversation(after).unreadCount).toBe(0);
    expect(after.unreadIds).toBeUndefined();
    expect(after.unreadIdsOld).toBeUndefined();
    for (const [i, w] of chat.wamids.entries()) await recordInbound(message(chat.customer, w, i));
    expect(await unread(chat.conversationPk)).toBe(0);
  });
});
