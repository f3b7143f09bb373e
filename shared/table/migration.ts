import { BatchGetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';

/**
 * The DynamoDB side of `npm run migrate`: reading the seed's table in parallel Scan segments, and writing this
 * system's items only where none exists yet, so a second run (or a resumed one) writes nothing twice and never
 * overwrites what this system stored since the switch.
 */
export interface ScanPage {
  items: Record<string, unknown>[];
  lastKey?: Record<string, unknown>;
}

export async function scanSegment(
  fromTable: string,
  segment: number,
  totalSegments: number,
  startKey: Record<string, unknown> | undefined,
  limit: number,
  db: Table = defaultTable(),
): Promise<ScanPage> {
  const out = await db.client.send(
    new ScanCommand({ TableName: fromTable, Segment: segment, TotalSegments: totalSegments, ExclusiveStartKey: startKey, Limit: limit }),
  );
  return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
}

/** Which of these keys already have an item here (BatchGetItem, 100 keys a call, unprocessed keys retried). */
export async function existingKeys(pks: string[], db: Table = defaultTable()): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < pks.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = [...new Set(pks.slice(i, i + 100))].map((pk) => ({ pk }));
    for (let attempt = 0; keys?.length && attempt < 8; attempt += 1) {
      const out = await db.client.send(
        new BatchGetCommand({ RequestItems: { [db.name]: { Keys: keys, ProjectionExpression: 'pk', ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[db.name] ?? []) found.add(item.pk as string);
      keys = out.UnprocessedKeys?.[db.name]?.Keys as Record<string, unknown>[] | undefined;
      if (keys?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    if (keys?.length) throw new Error(`BatchGetItem left ${keys.length} keys unprocessed after retries`);
  }
  return found;
}

/** Puts the item unless one with its key exists; false when it existed. */
export async function putIfAbsent(item: Record<string, unknown>, db: Table = defaultTable()): Promise<boolean> {
  try {
    await db.client.send(new PutCommand({ TableName: db.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
