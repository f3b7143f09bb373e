import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { Direction, Index } from './keys';
import { decodeCursor, encodeCursor, type CursorScope } from './pagination';
import { keys } from './keys';

/**
 * Reads of messages by conversation or by time, always through an index with a key condition: nothing here scans
 * the table. Time ranges use receivedAt (ISO-8601, so string order is time order).
 */
export interface TimeRange {
  from?: string;
  to?: string;
}

export interface MessagePage {
  items: Record<string, unknown>[];
  nextCursor?: string;
  /** Items DynamoDB read for this page (a filter can drop some of them). */
  examined: number;
}

function rangeCondition(range: TimeRange): { expr: string; values: Record<string, string> } {
  if (range.from && range.to) return { expr: ' AND #sk BETWEEN :from AND :to', values: { ':from': range.from, ':to': range.to } };
  if (range.from) return { expr: ' AND #sk >= :from', values: { ':from': range.from } };
  if (range.to) return { expr: ' AND #sk <= :to', values: { ':to': range.to } };
  return { expr: '', values: {} };
}

/** A cursor of `list` over one index partition (a conversation, or a direction) of MESSAGE items. */
export const messageScope = (list: string, index: { pk: string; sk: string }, partition: string): CursorScope => ({
  list,
  partition,
  index,
  itemPrefix: keys.message(''),
});

export const conversationScope = (list: string, conversationPk: string) => messageScope(list, Index.conversation, conversationPk);
export const directionScope = (list: string, direction: string) => messageScope(list, Index.direction, direction);

async function queryPage(
  index: { name: string; pk: string; sk: string },
  scope: CursorScope,
  range: TimeRange,
  opts: { limit: number; cursor?: string; newestFirst?: boolean; filter?: { expr: string; values: Record<string, unknown>; names?: Record<string, string> } },
  db: Table,
): Promise<MessagePage> {
  const r = rangeCondition(range);
  const input: QueryCommandInput = {
    TableName: db.name,
    IndexName: index.name,
    KeyConditionExpression: `#pk = :pk${r.expr}`,
    ExpressionAttributeNames: { '#pk': index.pk, ...(r.expr ? { '#sk': index.sk } : {}), ...(opts.filter?.names ?? {}) },
    ExpressionAttributeValues: { ':pk': scope.partition, ...r.values, ...(opts.filter?.values ?? {}) },
    ...(opts.filter ? { FilterExpression: opts.filter.expr } : {}),
    ScanIndexForward: !(opts.newestFirst ?? true),
    Limit: opts.limit,
    ExclusiveStartKey: decodeCursor(opts.cursor, scope),
  };
  const out = await db.client.send(new QueryCommand(input));
  return { items: out.Items ?? [], nextCursor: encodeCursor(scope, out.LastEvaluatedKey), examined: out.ScannedCount ?? out.Count ?? 0 };
}

/** One conversation's messages in a time range (gsi-conversation), `limit` read per page. */
export function conversationMessages(
  list: string,
  conversationPk: string,
  range: TimeRange,
  opts: { limit: number; cursor?: string; newestFirst?: boolean },
  db: Table = defaultTable(),
): Promise<MessagePage> {
  return queryPage(Index.conversation, conversationScope(list, conversationPk), range, opts, db);
}

/**
 * Messages of one direction in a time range (gsi-direction). The seed's index has only two partitions, so every
 * caller bounds the range; `onlyFailed` keeps failed outbound messages.
 */
export function messagesByDirection(
  list: string,
  direction: (typeof Direction)[keyof typeof Direction],
  range: TimeRange,
  opts: { limit: number; cursor?: string; newestFirst?: boolean; onlyFailed?: boolean },
  db: Table = defaultTable(),
): Promise<MessagePage> {
  const filter = opts.onlyFailed ? { expr: '#status = :failed', values: { ':failed': 'failed' }, names: { '#status': 'status' } } : undefined;
  return queryPage(Index.direction, directionScope(list, direction), range, { ...opts, filter }, db);
}
