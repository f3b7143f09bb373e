import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure, oldItemOf } from './conditional';
import { recordInboundOnConversation } from './conversation-unread';
import { Direction, Index, ItemType, keys } from './keys';
import type { PhoneRef } from './outbound-messages';
import { cursorScopes, decodeCursor, encodeCursor, type CursorScope } from './pagination';

/**
 * MESSAGE items (`MSG#{id}`): storing a received message with its conversation, and reading messages. A sent
 * message is stored by outbound-messages.ts (with the statuses that came before it); statuses live in
 * message-statuses.ts; edits, revokes, reactions and saved media in message-changes.ts.
 */

export { assertOutboundStorable, recordOutbound, type OutboundMessage, type PhoneRef, type StoredOutbound } from './outbound-messages';

export interface InboundMessage {
  wamid: string;
  phone: PhoneRef;
  customer: string;
  contactName?: string;
  receivedAt: string;
  type: string;
  preview: string;
  attributes: Record<string, unknown>;
  snsMessageId?: string;
}

/**
 * Stores an inbound message exactly once, in two requests and no transaction: the message put is conditional on
 * absence (a redelivery leaves the first copy untouched), and the conversation update is idempotent
 * (recordInboundOnConversation, told whether the put was new and when the stored copy was made, so the unread count
 * stays exact), so it runs on duplicates too: a crash between the two writes heals on redelivery.
 * Returns false for a duplicate.
 */
export async function recordInbound(m: InboundMessage, db: Table = defaultTable()): Promise<boolean> {
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  let isNew = true;
  let storedAt: string | undefined;
  try {
    await db.client.send(
      new PutCommand({
        TableName: db.name,
        Item: {
          ...m.attributes,
          pk: keys.message(m.wamid),
          itemType: ItemType.Message,
          direction: Direction.Inbound,
          messageId: m.wamid,
          waMessageId: m.wamid,
          conversationPk,
          phoneArn: m.phone.arn,
          phoneNumberId: m.phone.phoneNumberId,
          metaPhoneNumberId: m.phone.metaPhoneNumberId,
          wabaId: m.phone.wabaId,
          from: m.customer,
          contactName: m.contactName,
          type: m.type,
          preview: m.preview,
          status: 'received',
          receivedAt: m.receivedAt,
          createdAt: nowIso(),
          snsMessageId: m.snsMessageId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    isNew = false;
    const stored = oldItemOf(err);
    // A revoke that arrived before its message left a placeholder: the customer deleted it, so it never counts.
    if (stored?.revoked?.BOOL) return false;
    storedAt = stored?.createdAt?.S;
  }
  await recordInboundOnConversation({
    conversationPk,
    phone: m.phone,
    customer: m.customer,
    contactName: m.contactName,
    wamid: m.wamid,
    at: m.receivedAt,
    preview: m.preview,
    type: m.type,
    isNew,
    storedAt,
  }, db);
  return isNew;
}

export async function getMessageItem(messageId: string, db: Table = defaultTable()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.message(messageId) } }));
  // A group send's EUM id points at its GROUP_MSG item (shared/table/group-messages.ts).
  if (Item && !Item.targetPk) return Item;
  const alias = Item ? { Item } : await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(messageId) } }));
  if (!alias.Item?.targetPk) return undefined;
  const { Item: target } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: alias.Item.targetPk } }));
  return target;
}

/** One conversation's messages, newest first. */
export function listMessages(conversationPk: string, limit: number, cursor?: string, db: Table = defaultTable()) {
  return queryConversationIndex(conversationPk, cursorScopes.messages(conversationPk), limit, cursor, db);
}

/** A page of gsi-conversation (a chat's or a group's messages), newest first, with a cursor bound to its partition. */
export async function queryConversationIndex(partition: string, scope: CursorScope, limit: number, cursor?: string, db: Table = defaultTable()) {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.conversation.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': Index.conversation.pk },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return { items: out.Items ?? [], nextCursor: encodeCursor(scope, out.LastEvaluatedKey) };
}
