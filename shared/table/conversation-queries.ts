import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { presentConversation } from './conversations';
import { Index, keys } from './keys';
import { decodeCursor, encodeCursor, type CursorScope } from './pagination';

/** Reads of one number's inbox (gsi-inbox) beyond the plain listing in conversations.ts. */

/** Where a get_archived_conversations page may continue: that number's inbox. */
export const archivedScope = (phoneArn: string): CursorScope => ({
  list: 'get_archived_conversations',
  partition: keys.inbox(phoneArn),
  index: Index.inbox,
  itemPrefix: keys.conversation(phoneArn, ''),
});

/** Conversations still archived (a customer who wrote after the archive brought theirs back), newest first. */
export async function listArchivedConversations(phoneArn: string, limit: number, cursor?: string, db: Table = defaultTable()) {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: 'archived = :true AND (attribute_not_exists(lastInboundAt) OR lastInboundAt <= archivedAt)',
      ExpressionAttributeNames: { '#pk': Index.inbox.pk },
      ExpressionAttributeValues: { ':pk': keys.inbox(phoneArn), ':true': true },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, archivedScope(phoneArn)),
    }),
  );
  return { items: (out.Items ?? []).map(presentConversation), nextCursor: encodeCursor(archivedScope(phoneArn), out.LastEvaluatedKey) };
}

export interface UnreadConversation {
  conversationId: string;
  customer: string;
  contactName?: string;
  unreadCount: number;
  lastMessageAt?: string;
}

/**
 * Every conversation of a number with unread messages (`unreadCount > 0`); the query reads the whole inbox partition
 * (one key, paged), returning only a few attributes of each.
 */
export async function unreadConversations(phoneArn: string, db: Table = defaultTable()): Promise<UnreadConversation[]> {
  const found: UnreadConversation[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.name,
        IndexName: Index.inbox.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'unreadCount > :zero',
        ProjectionExpression: 'pk, customer, contactName, unreadCount, lastMessageAt',
        ExpressionAttributeNames: { '#pk': Index.inbox.pk },
        ExpressionAttributeValues: { ':pk': keys.inbox(phoneArn), ':zero': 0 },
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) {
      found.push({
        conversationId: item.pk as string,
        customer: item.customer as string,
        ...(item.contactName ? { contactName: item.contactName as string } : {}),
        unreadCount: typeof item.unreadCount === 'number' ? item.unreadCount : 0,
        ...(item.lastMessageAt ? { lastMessageAt: item.lastMessageAt as string } : {}),
      });
    }
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
