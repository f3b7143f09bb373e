import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { Index, ItemType, keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The attributes every conversation item carries, set on create and refreshed on every message. */
export function conversationIdentity(phone: { arn: string; phoneNumberId?: string; wabaId?: string }, customer: string, now: string) {
  return {
    set: [
      'itemType = :convType',
      'inboxPk = :inboxPk',
      'phoneArn = :phoneArn',
      'customer = :customer',
      'createdAt = if_not_exists(createdAt, :now)',
      'updatedAt = :now',
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
 * Moves the conversation's "last message" fields forward, never back: a message that arrives late (SNS does not
 * keep order) must not replace a newer preview. A condition failure here is the normal out-of-order case.
 */
export async function advanceLastMessage(
  conversationPk: string,
  last: { at: string; preview: string; type: string; direction: string; messageId: string; inbound?: boolean },
): Promise<boolean> {
  const inboundSet = last.inbound ? ', lastInboundAt = :at, lastInboundMessageId = :mid, windowExpiresAt = :windowEnd' : ', lastOutboundAt = :at';
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
        Key: { pk: conversationPk },
        UpdateExpression: `SET lastMessage = :preview, lastMessageType = :type, lastMessageDirection = :dir, lastMessageId = :mid, lastMessageAt = :at, receivedAt = :at${inboundSet}`,
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastMessageAt) OR lastMessageAt <= :at)',
        ExpressionAttributeValues: {
          ':preview': last.preview,
          ':type': last.type,
          ':dir': last.direction,
          ':mid': last.messageId,
          ':at': last.at,
          ...(last.inbound ? { ':windowEnd': new Date(Date.parse(last.at) + CUSTOMER_SERVICE_WINDOW_MS).toISOString() } : {}),
        },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

export async function getConversation(conversationPk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().TABLE_NAME, Key: { pk: conversationPk } }));
  return Item;
}

/** One business phone number's conversations, most recent activity first; archived ones only when asked. */
export async function listConversations(phoneArn: string, limit: number, cursor?: string, includeArchived = false) {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().TABLE_NAME,
      IndexName: Index.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': Index.inbox.pk },
      ExpressionAttributeValues: { ':pk': keys.inbox(phoneArn), ...(includeArchived ? {} : { ':true': true }) },
      // A filtered page can hold fewer than `limit` items; nextCursor still continues correctly.
      ...(includeArchived ? {} : { FilterExpression: 'attribute_not_exists(archived) OR archived <> :true' }),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  return { items: out.Items ?? [], nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

/** Sets fields on an existing conversation; 404-style `false` when there is no such conversation. */
export async function updateConversation(
  conversationPk: string,
  update: { set?: Record<string, unknown>; remove?: string[] },
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
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
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
    if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}
