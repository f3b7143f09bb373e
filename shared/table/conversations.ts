import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { conditionalWrite, isConditionFailure } from './conditional';
import { Index, ItemType, keys } from './keys';
import { cursorScopes, decodeCursor, encodeCursor } from './pagination';

/** CONVERSATION items (`CONV#{phoneArn}#{customer}`): one chat between a business number and a customer. */

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The attributes every conversation item carries, set on create and refreshed on every message. `touch: false`
 * leaves updatedAt alone (a late, older message must not move it back in time).
 */
export function conversationIdentity(
  phone: { arn: string; phoneNumberId?: string; wabaId?: string },
  customer: string,
  now: string,
  opts: { touch?: boolean } = {},
) {
  return {
    set: [
      'itemType = :convType',
      'inboxPk = :inboxPk',
      'phoneArn = :phoneArn',
      'customer = :customer',
      'createdAt = if_not_exists(createdAt, :now)',
      ...(opts.touch === false ? [] : ['updatedAt = :now']),
      ...(phone.phoneNumberId ? ['phoneNumberId = :phoneNumberId'] : []),
      ...(phone.wabaId ? ['wabaId = :wabaId'] : []),
    ],
    values: {
      ':convType': ItemType.Conversation,
      ':inboxPk': keys.inbox(phone.arn),
      ':phoneArn': phone.arn,
      ':customer': customer,
      ':now': now,
      ...(phone.phoneNumberId ? { ':phoneNumberId': phone.phoneNumberId } : {}),
      ...(phone.wabaId ? { ':wabaId': phone.wabaId } : {}),
    },
  };
}

/**
 * A conversation as the API shows it: the unread count, without the bookkeeping that keeps it exact
 * (conversation-unread.ts).
 */
export function presentConversation(item: Record<string, unknown>): Record<string, unknown> {
  const { unreadKeys: _keys, unreadKeysOld: _oldKeys, unreadIds: _ids, unreadIdsOld: _old, unreadWindowSince: _since, unreadGenSince: _gen, unreadCount, ...rest } =
    item;
  return { ...rest, unreadCount: typeof unreadCount === 'number' ? unreadCount : 0 };
}

/** `consistent`: a decision that must see the latest inbound message (the customer-service window) reads strongly. */
export async function getConversation(
  conversationPk: string,
  opts: { consistent?: boolean } = {},
  db: Table = defaultTable(),
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: conversationPk }, ConsistentRead: opts.consistent ?? false }));
  return Item;
}

/**
 * When the conversation's customer-service window closes (ISO time), strongly consistent; undefined when there is no
 * conversation or the customer never wrote. Only that attribute comes back: a send need not carry the whole item.
 */
export async function getWindowExpiry(conversationPk: string, db: Table = defaultTable()): Promise<string | undefined> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.name, Key: { pk: conversationPk }, ConsistentRead: true, ProjectionExpression: 'windowExpiresAt' }),
  );
  return typeof Item?.windowExpiresAt === 'string' ? Item.windowExpiresAt : undefined;
}

/** One business phone number's conversations, most recent activity first; archived ones only when asked. */
export async function listConversations(phoneArn: string, limit: number, cursor?: string, includeArchived = false, db: Table = defaultTable()) {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': Index.inbox.pk },
      ExpressionAttributeValues: { ':pk': keys.inbox(phoneArn), ...(includeArchived ? {} : { ':true': true }) },
      // A filtered page can hold fewer than `limit` items; nextCursor still continues correctly.
      // An archived chat is listed again once the customer writes after it was archived, as WhatsApp does.
      ...(includeArchived ? {} : { FilterExpression: 'attribute_not_exists(archived) OR archived <> :true OR lastInboundAt > archivedAt' }),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, cursorScopes.conversations(phoneArn)),
    }),
  );
  return { items: (out.Items ?? []).map(presentConversation), nextCursor: encodeCursor(cursorScopes.conversations(phoneArn), out.LastEvaluatedKey) };
}

/** Sets fields on an existing conversation; 404-style `false` when there is no such conversation. */
export async function updateConversation(
  conversationPk: string,
  update: { set?: Record<string, unknown>; remove?: string[] },
  db: Table = defaultTable(),
): Promise<Record<string, unknown> | undefined> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(update.set ?? {}).map(([k, v], i) => {
    names[`#s${i}`] = k;
    values[`:s${i}`] = v;
    return `#s${i} = :s${i}`;
  });
  const removes = (update.remove ?? []).map((k, i) => {
    names[`#r${i}`] = k;
    return `#r${i}`;
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  try {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes;
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/** Sets marketingOptOut on the conversation if it exists, unless a newer preference is already there. */
export async function markConversationOptOut(conversationPk: string, optOut: boolean, at: string, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: 'SET marketingOptOut = :v, marketingOptOutAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(marketingOptOutAt) OR marketingOptOutAt < :at)',
        ExpressionAttributeValues: { ':v': optOut, ':at': at },
      }),
    ),
  );
}

/**
 * Claims the conversation's auto-reply slot with one conditional update: only when there was no auto-reply and no
 * outbound message in the 24 h before `now`, so concurrent messages answer once. False when the slot is taken.
 */
export async function claimAutoReply(conversationPk: string, now: string, db: Table = defaultTable()): Promise<boolean> {
  const dayAgo = new Date(Date.parse(now) - CUSTOMER_SERVICE_WINDOW_MS).toISOString();
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: 'SET autoReplyAt = :now',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(autoReplyAt) OR autoReplyAt < :dayAgo) AND (attribute_not_exists(lastOutboundAt) OR lastOutboundAt < :dayAgo)',
        ExpressionAttributeValues: { ':now': now, ':dayAgo': dayAgo },
      }),
    ),
  );
}

/** Gives back a slot claimed at `claimedAt` (the reply could not be sent); a newer claim is left alone. */
export async function releaseAutoReply(conversationPk: string, claimedAt: string, db: Table = defaultTable()): Promise<void> {
  await conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: 'REMOVE autoReplyAt',
        ConditionExpression: 'autoReplyAt = :now',
        ExpressionAttributeValues: { ':now': claimedAt },
      }),
    ),
  );
}
