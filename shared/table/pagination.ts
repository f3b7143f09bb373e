import * as z from '../zod';
import { ValidationError } from '../errors';
import { Index, ItemType, keys } from './keys';

/**
 * Opaque cursors: base64url of `{l: list, p: partition, k: DynamoDB's LastEvaluatedKey}`.
 *
 * A cursor is not signed (that would need a per-deployment secret); instead it is checked in full against the list
 * and the caller's own parameters before it reaches DynamoDB: the same list, the same partition, and a key of exactly
 * the index's attributes, all bounded strings, whose item belongs to that partition. A cursor of another list,
 * another customer or number, or one that was edited, is a 400 on `cursor` rather than a DynamoDB error. Within its
 * own partition a key only says where to continue, so it cannot reach anything the caller could not list anyway.
 */

/** What a cursor is valid for: one list over one partition of one index, whose items' keys start with itemPrefix. */
export interface CursorScope {
  list: string;
  partition: string;
  index: { pk: string; sk: string };
  itemPrefix: string;
}

export const cursorScopes = {
  conversations: (phoneArn: string): CursorScope => ({
    list: 'get_conversations',
    partition: keys.inbox(phoneArn),
    index: Index.inbox,
    itemPrefix: keys.conversation(phoneArn, ''),
  }),
  calls: (): CursorScope => ({ list: 'get_call_logs', partition: ItemType.Call, index: Index.itemType, itemPrefix: keys.call('') }),
  groupMessages: (groupId: string): CursorScope => ({
    list: 'get_group_messages',
    partition: keys.group(groupId),
    index: Index.conversation,
    itemPrefix: keys.groupMessage(groupId, '', '').replace(/#+$/, '#'),
  }),
  messages: (conversationPk: string): CursorScope => ({
    list: 'get_messages',
    partition: conversationPk,
    index: Index.conversation,
    itemPrefix: keys.message(''),
  }),
};

const MAX_CURSOR_CHARS = 8192;

const problem = (reason: string) => new ValidationError([{ field: 'cursor', reason }]);

export function encodeCursor(scope: CursorScope, key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify({ l: scope.list, p: scope.partition, k: key }), 'utf8').toString('base64url') : undefined;
}

const envelope = z.catchall(z.object({ l: z.string().check(z.maxLength(64)), p: z.string().check(z.maxLength(2048)), k: z.unknown() }), z.never());

/** The envelope of a cursor, or a 400 that says the cursor is not one of ours. */
function openCursor(cursor: string): z.output<typeof envelope> {
  let value: unknown;
  try {
    if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw problem('is not a cursor returned by this API (pass nextCursor unchanged)');
  }
  const parsed = envelope.safeParse(value);
  if (!parsed.success) throw problem('is not a cursor returned by this API (pass nextCursor unchanged)');
  return parsed.data;
}

/** DynamoDB's ExclusiveStartKey for `scope`, or a 400 naming `cursor` that says why this cursor does not fit. */
export function decodeCursor(cursor: string | undefined, scope: CursorScope): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const { l, p, k } = openCursor(cursor);
  if (l !== scope.list) throw problem(`belongs to ${l}, not ${scope.list}`);
  if (p !== scope.partition) throw problem(`belongs to another ${scope.list} list (other parameters); start again without a cursor`);
  const shape = z.catchall(z.object({
      pk: z.string().check(z.maxLength(1024), z.startsWith(scope.itemPrefix)),
      [scope.index.pk]: z.literal(scope.partition),
      [scope.index.sk]: z.string().check(z.minLength(1), z.maxLength(64)),
    }), z.never());
  if (!shape.safeParse(k).success) throw problem('was altered: its position does not belong to this list');
  return k as Record<string, unknown>;
}

/** A cursor holding several lists' positions (one per partition); `null` marks a partition that is exhausted. */
export function encodeMergedCursor(list: string, positions: Record<string, string | null>): string {
  return Buffer.from(JSON.stringify({ l: list, p: Object.keys(positions).sort().join(','), k: positions }), 'utf8').toString('base64url');
}

export function decodeMergedCursor(cursor: string | undefined, list: string, partitions: string[]): Record<string, string | null> {
  if (!cursor) return {};
  const { l, p, k } = openCursor(cursor);
  if (l !== list) throw problem(`belongs to ${l}, not ${list}`);
  if (p !== [...partitions].sort().join(',')) throw problem(`belongs to another ${list} list (other parameters); start again without a cursor`);
  const positions = z.record(z.enum(partitions as [string, ...string[]]), z.nullable(z.string().check(
    z.maxLength(MAX_CURSOR_CHARS),
  ))).safeParse(k);
  if (!positions.success || Object.keys(positions.data).length !== partitions.length) throw problem('was altered: its position does not belong to this list');
  return positions.data as Record<string, string | null>;
}

export const pageInput = {
  limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 25).check(
    z.describe('Items per page (1-100, default 25)'),
  ),
  cursor: z.optional(z.string().check(
    z.minLength(1, 'must not be empty: omit it for the first page'),
    z.maxLength(MAX_CURSOR_CHARS, `at most ${MAX_CURSOR_CHARS} characters: pass nextCursor unchanged`),
    z.regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this API (pass nextCursor unchanged)'),
  )).check(
    z.describe('nextCursor from the previous page'),
  ),
};
