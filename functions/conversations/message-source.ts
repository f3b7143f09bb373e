import { Direction } from '../../shared/table/keys';
import { conversationMessages, messagesByDirection, type MessagePage, type TimeRange } from '../../shared/table/message-queries';
import { decodeCursor, encodeCursor } from '../../shared/table/pagination';
import { ValidationError } from '../../shared/errors';

/**
 * Where search_messages and export_messages read from: one conversation (gsi-conversation), or every conversation
 * in a bounded time range (gsi-direction: inbound first, then outbound). Pages go newest first; the cursor says
 * which phase and where in it, so a read can stop anywhere and continue later.
 */
export type Source = { conversationPk: string; range: TimeRange } | { range: { from: string; to: string } };

type Phase = 'conversation' | 'INBOUND' | 'OUTBOUND';
interface Position {
  phase: Phase;
  key?: Record<string, unknown>;
}

const phasesOf = (source: Source): Phase[] => ('conversationPk' in source ? ['conversation'] : [Direction.Inbound, Direction.Outbound]);

export function decodePosition(source: Source, cursor: string | undefined): Position | undefined {
  const phases = phasesOf(source);
  if (!cursor) return { phase: phases[0]! };
  const raw = decodeCursor(cursor) as { phase?: Phase; key?: Record<string, unknown> };
  if (!raw.phase || !phases.includes(raw.phase)) throw new ValidationError([{ field: 'cursor', reason: 'belongs to a different query' }]);
  return { phase: raw.phase, ...(raw.key ? { key: raw.key } : {}) };
}

export const encodePosition = (p: Position | undefined): string | undefined => (p ? encodeCursor(p as unknown as Record<string, unknown>) : undefined);

/** Reads one page at `position`; returns the items and the position after them (undefined at the end). */
export async function readPage(source: Source, position: Position, limit: number): Promise<{ page: MessagePage; next: Position | undefined }> {
  const cursor = encodeCursor(position.key);
  const page =
    position.phase === 'conversation'
      ? await conversationMessages((source as { conversationPk: string }).conversationPk, source.range, { limit, cursor })
      : await messagesByDirection(position.phase, source.range, { limit, cursor });
  if (page.nextCursor) return { page, next: { phase: position.phase, key: decodeCursor(page.nextCursor) } };
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
