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
  const inboundSet = last.inbound ? ', lastInboundAt = :at, windowExpiresAt = :windowEnd' : ', lastOutboundAt = :at';
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

/** One business phone number's conversations, most recent activity first. */
export async function listConversations(phoneArn: string, limit: number, cursor?: string) {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().TABLE_NAME,
      IndexName: Index.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': Index.inbox.pk },
      ExpressionAttributeValues: { ':pk': keys.inbox(phoneArn) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  return { items: out.Items ?? [], nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
