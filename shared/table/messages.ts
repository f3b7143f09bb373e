import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { conversationIdentity, recordInboundOnConversation } from './conversations';
import { Direction, Index, ItemType, keys } from './keys';
import { cursorScopes, decodeCursor, encodeCursor } from './pagination';
import { statusRank, statusTimeAttribute } from './status-rank';
import { nowIso } from '../time';
import { isConditionFailure } from './conditional';

const table = () => getConfig().TABLE_NAME;

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
}

/** Stores a sent message and its conversation's counters in one transaction, then applies statuses that beat it here. */
export async function recordOutbound(m: OutboundMessage): Promise<{ conversationPk: string; sentAt: string }> {
  const now = nowIso();
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  const conv = conversationIdentity(m.phone, m.customer, now);
  const businessNumber = (m.phone.displayPhoneNumber ?? '').replace(/\D/g, '');
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: {
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
              status: 'accepted',
              statusRank: statusRank('accepted'),
              acceptedAt: now,
              receivedAt: now,
              createdAt: now,
            },
          },
        },
        {
          Update: {
            TableName: table(),
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
  await applyPendingStatuses(m.eumMessageId);
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
 * (recordInboundOnConversation), so it runs on duplicates too: a crash between the two writes heals on redelivery.
 * Returns false for a duplicate.
 */
export async function recordInbound(m: InboundMessage): Promise<boolean> {
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  let isNew = true;
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
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
    // A revoke that arrived before its message left a placeholder: the customer deleted it, so it never counts.
    if ((err as { Item?: Record<string, unknown> }).Item?.revoked) return false;
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
  });
  return isNew;
}

export interface StatusEvent {
  wamid: string;
  status: string;
  at: string;
  /** EUM's id of the send, from the SNS envelope's messageId, when EUM gave one. */
  eumMessageId?: string;
  recipientId?: string;
  errors?: unknown[];
  pricing?: unknown;
  conversation?: unknown;
}

export type StatusOutcome = 'applied' | 'stale' | 'pending';

/** Where a status belongs: the send's EUM id if known, else the wamid's alias, else a message stored under the wamid. */
async function targetOf(s: StatusEvent): Promise<string> {
  if (s.eumMessageId) return keys.message(s.eumMessageId);
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: keys.messageAlias(s.wamid) } }));
  return (Item?.targetPk as string | undefined) ?? keys.message(s.wamid);
}

/**
 * The parts of a status every arrival records, whatever its order: when each status was first seen, the wamid,
 * Meta's pricing and errors. All first-write-wins, so any order of arrival leaves the same item.
 */
function historyUpdate(s: StatusEvent) {
  const sets = ['#timeAttr = if_not_exists(#timeAttr, :at)', 'waMessageId = if_not_exists(waMessageId, :wamid)'];
  const values: Record<string, unknown> = { ':at': s.at, ':wamid': s.wamid };
  if (s.pricing) {
    sets.push('pricing = if_not_exists(pricing, :pricing)');
    values[':pricing'] = s.pricing;
  }
  if (s.errors?.length) {
    // failed → errors; warning → warnings (a warning never changes the status).
    const attr = s.status === 'failed' ? 'errors' : `${s.status.replace(/[^a-z]/gi, '')}Errors`;
    sets.push(`${attr} = if_not_exists(${attr}, :errors)`);
    values[':errors'] = s.errors;
  }
  return { sets, values, names: { '#timeAttr': statusTimeAttribute(s.status) } };
}

/**
 * Applies a delivery status. In order, it is one request: a transaction of the rank-conditional update (status only
 * moves forward) and the wamid alias. Out of order or repeated, the condition fails and a second, unconditional
 * update records only the history. A status for a message not stored yet is kept and applied later.
 */
export async function applyStatus(s: StatusEvent): Promise<StatusOutcome> {
  const pk = await targetOf(s);
  const history = historyUpdate(s);
  const rankable = statusRank(s.status) > 0;
  if (rankable) {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: { pk },
                UpdateExpression: `SET ${['#status = :status', 'statusRank = :rank', 'statusUpdatedAt = :at', ...history.sets].join(', ')}`,
                ConditionExpression: 'attribute_exists(pk) AND direction = :outbound AND (attribute_not_exists(statusRank) OR statusRank < :rank)',
                ExpressionAttributeNames: { '#status': 'status', ...history.names },
                ExpressionAttributeValues: { ...history.values, ':status': s.status, ':rank': statusRank(s.status), ':outbound': Direction.Outbound },
              },
            },
            ...(pk === keys.message(s.wamid)
              ? []
              : [{ Put: { TableName: table(), Item: { pk: keys.messageAlias(s.wamid), itemType: ItemType.MessageAlias, targetPk: pk } } }]),
          ],
        }),
      );
      return 'applied';
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!((err as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed')) throw err;
    }
  }
  // Lower, repeated or unranked (warning): keep its history, never lower the status.
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk },
        UpdateExpression: `SET ${history.sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND direction = :outbound',
        ExpressionAttributeNames: history.names,
        ExpressionAttributeValues: { ...history.values, ':outbound': Direction.Outbound },
      }),
    );
    return 'stale';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  await keepPending(s);
  return 'pending';
}

const pendingKey = (s: Pick<StatusEvent, 'eumMessageId' | 'wamid'>) => keys.pendingStatus(s.eumMessageId ?? s.wamid);

/** Keeps a status whose message is not stored yet; then looks again, since the send may have landed meanwhile. */
async function keepPending(s: StatusEvent): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: pendingKey(s) },
      UpdateExpression: 'SET itemType = :type, createdAt = if_not_exists(createdAt, :now), #s = :event',
      ExpressionAttributeNames: { '#s': `status_${s.status}` },
      ExpressionAttributeValues: { ':type': ItemType.PendingStatus, ':now': nowIso(), ':event': s },
    }),
  );
  if (s.eumMessageId) {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: table(), Key: { pk: keys.message(s.eumMessageId) }, ConsistentRead: true }),
    );
    if (Item) await applyPendingStatuses(s.eumMessageId);
  }
}

/** Applies (idempotently) and removes the statuses that arrived before the message with this EUM id was stored. */
export async function applyPendingStatuses(eumMessageId: string): Promise<number> {
  const pk = keys.pendingStatus(eumMessageId);
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk }, ConsistentRead: true }));
  if (!Item) return 0;
  const events = Object.entries(Item)
    .filter(([k]) => k.startsWith('status_'))
    .map(([, v]) => v as StatusEvent)
    .sort((a, b) => statusRank(a.status) - statusRank(b.status));
  for (const e of events) {
    const outcome = await applyStatus({ ...e, eumMessageId });
    if (outcome === 'pending') return 0; // message vanished again; leave the item for the next attempt
  }
  await dynamo().send(new DeleteCommand({ TableName: table(), Key: { pk } }));
  return events.length;
}

export async function getMessageItem(messageId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: keys.message(messageId) } }));
  if (Item) return Item;
  const alias = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: keys.messageAlias(messageId) } }));
  if (!alias.Item?.targetPk) return undefined;
  const { Item: target } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: alias.Item.targetPk } }));
  return target;
}

/** One conversation's messages, newest first. */
export async function listMessages(conversationPk: string, limit: number, cursor?: string) {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      IndexName: Index.conversation.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': Index.conversation.pk },
      ExpressionAttributeValues: { ':pk': conversationPk },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, cursorScopes.messages(conversationPk)),
    }),
  );
  return { items: out.Items ?? [], nextCursor: encodeCursor(cursorScopes.messages(conversationPk), out.LastEvaluatedKey) };
}
