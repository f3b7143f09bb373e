import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** Reads the test's table directly, to assert what was stored, not just what an action answered. */
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function getItem(pk: string): Promise<Record<string, unknown> | undefined> {
  return (await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk }, ConsistentRead: true }))).Item;
}

export async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export const itemsOfType = async (type: string) => (await allItems()).filter((i) => i.itemType === type);

/** A conversation as the API presents it (the unread set counted as unreadCount). */
export async function getConversationView(pk: string): Promise<Record<string, unknown> | undefined> {
  const { presentConversation } = await import('../../../shared/table/conversations');
  const item = await getItem(pk);
  return item && presentConversation(item);
}
