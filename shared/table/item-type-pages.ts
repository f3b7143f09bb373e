import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client';
import { Index } from './keys';

/**
 * Every item of one type, page by page, from gsi-itemType. For admin reads and one-off migrations only: the index's
 * partition key is the item type, a hot partition no request path should lean on (design.md).
 */
export async function* pagesOfType<T = Record<string, unknown>>(
  itemType: string,
  db: Table,
  filter?: { expression: string; values: Record<string, unknown> },
): AsyncGenerator<T[]> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(
      new QueryCommand({
        TableName: db.name,
        IndexName: Index.itemType.name,
        KeyConditionExpression: '#t = :t',
        ...(filter ? { FilterExpression: filter.expression } : {}),
        ExpressionAttributeNames: { '#t': Index.itemType.pk },
        ExpressionAttributeValues: { ':t': itemType, ...filter?.values },
        ExclusiveStartKey,
      }),
    );
    yield (page.Items ?? []) as T[];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
