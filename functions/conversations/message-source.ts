import { ValidationError } from '../../shared/errors';
import { Direction } from '../../shared/table/keys';
import { conversationMessages, conversationScope, directionScope, messagesByDirection, type MessagePage, type TimeRange } from '../../shared/table/message-queries';
import { decodeCursor, encodeCursor, type CursorScope } from '../../shared/table/pagination';

/**
 * Where search_messages and export_messages read from: one conversation (gsi-conversation), or every conversation
 * in a bounded time range (gsi-direction: inbound first, then outbound). Pages go newest first; the cursor says
 * which phase and where in it, so a read can stop anywhere and continue later.
 */
export type Source = { conversationPk: string; range: TimeRange } | { range: { from: string; to: string } };

type Phase = 'conversation' | 'INBOUND' | 'OUTBOUND';
export interface Position {
  phase: Phase;
  key?: Record<string, unknown>;
}

const phasesOf = (source: Source): Phase[] => ('conversationPk' in source ? ['conversation'] : [Direction.Inbound, Direction.Outbound]);

function scopeOf(list: string, source: Source, phase: Phase): CursorScope {
  return phase === 'conversation' ? conversationScope(list, (source as { conversationPk: string }).conversationPk) : directionScope(list, phase);
}

const badCursor = () => new ValidationError([{ field: 'cursor', reason: 'is not a cursor returned by this API (pass nextCursor unchanged)' }]);

/**
 * The position a cursor names. Mid-phase it is the scoped cursor of that partition (checked in full by
 * decodeCursor); at the start of a later phase it is `{l, p, k: null}` of that phase.
 */
export function decodePosition(list: string, source: Source, cursor: string | undefined): Position {
  const phases = phasesOf(source);
  if (!cursor) return { phase: phases[0]! };
  let envelope: { p?: unknown; k?: unknown };
  try {
    envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const phase = phases.find((ph) => scopeOf(list, source, ph).partition === envelope.p);
  if (!phase) throw new ValidationError([{ field: 'cursor', reason: 'belongs to another list (other parameters); start again without a cursor' }]);
  if (envelope.k === null) return { phase };
  return { phase, key: decodeCursor(cursor, scopeOf(list, source, phase)) };
}

export function encodePosition(list: string, source: Source, p: Position | undefined): string | undefined {
  if (!p) return undefined;
  const scope = scopeOf(list, source, p.phase);
  return p.key ? encodeCursor(scope, p.key) : Buffer.from(JSON.stringify({ l: list, p: scope.partition, k: null })).toString('base64url');
}

/** Reads one page at `position`; returns the items and the position after them (undefined at the end). */
export async function readPage(list: string, source: Source, position: Position, limit: number): Promise<{ page: MessagePage; next: Position | undefined }> {
  const scope = scopeOf(list, source, position.phase);
  const cursor = encodeCursor(scope, position.key);
  const page =
    position.phase === 'conversation'
      ? await conversationMessages(list, scope.partition, source.range, { limit, cursor })
      : await messagesByDirection(list, position.phase, source.range, { limit, cursor });
  if (page.nextCursor) return { page, next: { phase: position.phase, key: decodeCursor(page.nextCursor, scope) } };
  const phases = phasesOf(source);
  const following = phases[phases.indexOf(position.phase) + 1];
  return { page, next: following ? { phase: following } : undefined };
}

/** The index key of an item, so a read can resume right after it. */
export function keyAfter(item: Record<string, unknown>, phase: Phase): Record<string, unknown> {
  return phase === 'conversation'
    ? { pk: item.pk, conversationPk: item.conversationPk, receivedAt: item.receivedAt }
    : { pk: item.pk, direction: item.direction, receivedAt: item.receivedAt };
}
