import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure, oldItemOf } from './conditional';
import { assertStorable } from './item-limits';
import { conversationIdentity } from './conversations';
import { recordInboundOnConversation } from './conversation-unread';
import { Direction, Index, ItemType, keys } from './keys';
import { applyPendingStatuses } from './message-statuses';
import { cursorScopes, decodeCursor, encodeCursor, type CursorScope } from './pagination';
import { statusRank } from './status-rank';

/**
 * MESSAGE items (`MSG#{id}`): storing a sent or received message with its conversation, and reading messages.
 * Statuses live in message-statuses.ts; edits, revokes, reactions and saved media in message-changes.ts.
 */

export interface PhoneRef {
  arn: string;
  phoneNumberId?: string;
  metaPhoneNumberId?: string;
  displayPhoneNumber?: string;
  wabaId?: string;
}

export interface OutboundMessage {
  eumMessageId: string;
  phone: PhoneRef;
  customer: string;
  type: string;
  preview: string;
  payload: Record<string, unknown>;
  replyTo?: string;
  /** resend_message: the message this one sends again. */
  resentFrom?: string;
}

/** The MESSAGE item of a sent message, exactly as recordOutbound stores it. */
function outboundMessageItem(m: OutboundMessage, conversationPk: string, now: string): Record<string, unknown> {
  const businessNumber = (m.phone.displayPhoneNumber ?? '').replace(/\D/g, '');
  return {
    pk: keys.message(m.eumMessageId),
    itemType: ItemType.Message,
    direction: Direction.Outbound,
    messageId: m.eumMessageId,
    eumMessageId: m.eumMessageId,
    conversationPk,
    phoneArn: m.phone.arn,
    phoneNumberId: m.phone.phoneNumberId,
    wabaId: m.phone.wabaId,
    ...(businessNumber ? { from: businessNumber } : {}),
    to: m.customer,
    type: m.type,
    preview: m.preview,
    payload: m.payload,
    replyTo: m.replyTo,
    resentFrom: m.resentFrom,
    status: 'accepted',
    statusRank: statusRank('accepted'),
    acceptedAt: now,
    receivedAt: now,
    createdAt: now,
  };
}

/** EUM's message ids are UUIDs (36 characters); the check counts a longer one so it never under-estimates. */
const PLACEHOLDER_MESSAGE_ID = 'x'.repeat(64);
/** Statuses, the wamid, edits and reactions are added to a sent message later; keep room for them. */
const LATER_UPDATES_BYTES = 8 * 1024;

/**
 * Refuses (400 naming the field) a message whose stored form DynamoDB would reject, too large or nested too deep.
 * Call it before sending: once EUM Social has the message, a failed store leaves a sent message we do not know of.
 */
export function assertOutboundStorable(m: Omit<OutboundMessage, 'eumMessageId'>): void {
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  const item = outboundMessageItem({ ...m, eumMessageId: PLACEHOLDER_MESSAGE_ID }, conversationPk, nowIso());
  assertStorable(item, 'payload', 'a stored message', LATER_UPDATES_BYTES);
}

/** Stores a sent message and its conversation's counters in one transaction, then applies statuses that beat it here. */
export async function recordOutbound(m: OutboundMessage, db: Table = defaultTable()): Promise<{ conversationPk: string; sentAt: string }> {
  const now = nowIso();
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  const conv = conversationIdentity(m.phone, m.customer, now);
  await db.client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.name,
            Item: outboundMessageItem(m, conversationPk, now),
          },
        },
        {
          Update: {
            TableName: db.name,
            Key: { pk: conversationPk },
            UpdateExpression: `SET ${conv.set.join(', ')}, lastMessage = :preview, lastMessageType = :type, lastMessageDirection = :dir, lastMessageId = :mid, lastMessageAt = :now, receivedAt = :now, lastOutboundAt = :now`,
            ExpressionAttributeValues: {
              ...conv.values,
              ':preview': m.preview,
              ':type': m.type,
              ':dir': Direction.Outbound,
              ':mid': m.eumMessageId,
            },
          },
        },
      ],
    }),
  );
  await applyPendingStatuses(m.eumMessageId, db);
  return { conversationPk, sentAt: now };
}

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
  if (Item) return Item;
  const alias = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(messageId) } }));
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
