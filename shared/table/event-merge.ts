import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { attributeValueBytes } from './item-limits';

/**
 * The write behind the items built from webhook events (calls.ts, templates.ts, quality.ts, user-preferences.ts,
 * groups.ts; only they use it): folds one event into a long-lived item with conditional writes only, so SNS
 * redelivery and any arrival order give the same item:
 * - each event is appended to `history` once: its id goes into the `eventIds` string set and the write is
 *   conditional on the id not being there (nor in `eventIdsPrev`) yet;
 * - the item's current state (`forward.set`) only moves forward: it is written only when this event is newer, by
 *   `forward.attr`, than the one that wrote it last; an older event still lands in the history.
 *
 * Bounded (issue 8.7): an item that lives for years must not outgrow DynamoDB's 400 KB. `history` keeps the newest
 * entries: past EVENT_LIMITS.historyBudgetBytes (counted in `historyBytes`) it is cut to historyKeepBytes
 * (`historyDropped` counts what went). Event ids live in two generations: `eventIds` since `eventIdsSince`, and the
 * one before, `eventIdsPrev`. The current one becomes the previous one (and the previous one is dropped) once it is
 * dedupeHorizonMs old or holds idsPerGeneration ids. So a redelivered event is recognised for at least 15 days,
 * or 1,000 later events of the same item, whichever comes first. That horizon covers every redelivery path: SNS's
 * own retries (hours), Lambda's asynchronous retries (at most 6 hours, its maximum event age), and the on-failure
 * letters that replay_dead_letters replays (the queue keeps them 14 days). Meta's own retries are new EUM
 * publications: they are told apart by content where the event id is a content digest.
 * Cutting happens in the write that finds the item over a bound (its failed condition returns the item), so the
 * common event is still one UpdateItem.
 */
export interface EventMerge {
  pk: string;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  historyEntry: Record<string, unknown>;
  /** Written by every new event (identity attributes that never change). */
  set?: Record<string, unknown>;
  /** Written only if absent. */
  setOnce?: Record<string, unknown>;
  forward?: {
    /** A sortable attribute (ISO time or rank) this event's `value` is compared with. */
    attr: string;
    value: string | number;
    set: Record<string, unknown>;
    remove?: string[];
  };
}

export type MergeOutcome = 'applied' | 'history-only' | 'duplicate';

export const EVENT_LIMITS = {
  /** `history` is cut once it holds this much... */
  historyBudgetBytes: 32 * 1024,
  /** ...down to its newest entries within this much. */
  historyKeepBytes: 16 * 1024,
  /** A larger entry keeps its summary but not Meta's value. */
  entryMaxBytes: 8 * 1024,
  /** Ids per generation: 16-character digests, about 16 KB a generation. */
  idsPerGeneration: 1000,
  /** How long a generation of ids collects before it becomes the previous one. */
  dedupeHorizonMs: 15 * 24 * 3600 * 1000,
};

/** Attributes only this module reads: views leave them out. */
export const MERGE_BOOKKEEPING = ['eventIds', 'eventIdsPrev', 'eventIdsSince', 'historyBytes', 'eventSeq'] as const;

class Expr {
  names: Record<string, string> = {};
  values: Record<string, unknown> = {};
  private n = 0;
  name(attr: string): string {
    const key = `#n${this.n++}`;
    this.names[key] = attr;
    return key;
  }
  value(v: unknown): string {
    const key = `:v${this.n++}`;
    this.values[key] = v;
    return key;
  }
}

const defined = (o: Record<string, unknown> = {}) => Object.entries(o).filter(([, v]) => v !== undefined);

/** The history entry as stored: Meta's value left out when it would make one entry too large. */
function storedEntry(m: EventMerge): { entry: Record<string, unknown>; bytes: number } {
  const entry = { eventId: m.eventId, ...m.historyEntry };
  const bytes = attributeValueBytes(entry);
  if (bytes <= EVENT_LIMITS.entryMaxBytes || !('value' in entry)) return { entry, bytes };
  const trimmed = { ...entry, value: { omitted: `larger than ${EVENT_LIMITS.entryMaxBytes / 1024} KB`, bytes } };
  return { entry: trimmed, bytes: attributeValueBytes(trimmed) };
}

function buildUpdate(m: EventMerge, withForward: boolean, now: string, tableName: string) {
  const e = new Expr();
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [k, v] of defined(m.set)) sets.push(`${e.name(k)} = ${e.value(v)}`);
  for (const [k, v] of defined(m.setOnce)) {
    const n = e.name(k);
    sets.push(`${n} = if_not_exists(${n}, ${e.value(v)})`);
  }
  const { entry, bytes } = storedEntry(m);
  const history = e.name('history');
  const historyBytes = e.name('historyBytes');
  sets.push(`${history} = list_append(if_not_exists(${history}, ${e.value([])}), ${e.value([entry])})`);
  const ids = e.name('eventIds');
  const prev = e.name('eventIdsPrev');
  const since = e.name('eventIdsSince');
  sets.push(`${since} = if_not_exists(${since}, ${e.value(now)})`);
  const idValue = e.value(m.eventId);
  const conditions = [
    `NOT contains(${ids}, ${idValue})`,
    `NOT contains(${prev}, ${idValue})`,
    // Within bounds, or the failed condition hands the item over for cutting (compact). An item written before
    // bounds existed has a history but no historyBytes: it is cut on its first new event.
    `(attribute_not_exists(${history}) OR ${historyBytes} < ${e.value(EVENT_LIMITS.historyBudgetBytes)})`,
    `(attribute_not_exists(${ids}) OR (size(${ids}) < ${e.value(EVENT_LIMITS.idsPerGeneration)} AND ${since} > ${e.value(cutoff(now))}))`,
  ];
  if (withForward && m.forward) {
    const attr = e.name(m.forward.attr);
    const at = e.value(m.forward.value);
    sets.push(`${attr} = ${at}`);
    for (const [k, v] of defined(m.forward.set)) sets.push(`${e.name(k)} = ${e.value(v)}`);
    for (const k of m.forward.remove ?? []) if (!(k in (m.forward.set ?? {}))) removes.push(e.name(k));
    conditions.push(`(attribute_not_exists(${attr}) OR ${attr} < ${at})`);
  }
  const adds = [`${ids} ${e.value(new Set([m.eventId]))}`, `${historyBytes} ${e.value(bytes + 1)}`, `${e.name('eventSeq')} ${e.value(1)}`];
  return {
    TableName: tableName,
    Key: { pk: m.pk },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD ${adds.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: e.names,
    ExpressionAttributeValues: e.values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

const cutoff = (now: string) => new Date(Date.parse(now) - EVENT_LIMITS.dedupeHorizonMs).toISOString();

type Item = Record<string, unknown>;

/** The item a failed condition returned, unmarshalled (the document client leaves errors' items in wire form). */
const oldItem = (err: unknown): Item | undefined => {
  const raw = (err as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  return raw ? unmarshall(raw) : undefined;
};

const idsOf = (v: unknown): Set<string> => (v instanceof Set ? (v as Set<string>) : new Set());
const holds = (item: Item, eventId: string) => idsOf(item.eventIds).has(eventId) || idsOf(item.eventIdsPrev).has(eventId);

function overBounds(item: Item, now: string): { history: boolean; ids: boolean } {
  const history = Array.isArray(item.history) && !(Number(item.historyBytes) < EVENT_LIMITS.historyBudgetBytes);
  const ids = idsOf(item.eventIds);
  const stale = typeof item.eventIdsSince !== 'string' || item.eventIdsSince <= cutoff(now);
  return { history, ids: ids.size > 0 && (ids.size >= EVENT_LIMITS.idsPerGeneration || stale) };
}

/** The newest entries within historyKeepBytes (at least the newest one), and their size as historyBytes counts it. */
function newestWithin(history: unknown[]): { kept: unknown[]; bytes: number } {
  let bytes = 0;
  let from = history.length;
  while (from > 0) {
    const size = attributeValueBytes(history[from - 1]) + 1;
    if (from < history.length && bytes + size > EVENT_LIMITS.historyKeepBytes) break;
    bytes += size;
    from--;
  }
  return { kept: history.slice(from), bytes };
}

/**
 * Cuts the history and/or turns the id generation over, from the item as a failed condition returned it. Only if
 * no event landed since (`eventSeq` unchanged): otherwise the caller's next attempt sees the item anew.
 */
async function compact(pk: string, item: Item, now: string, db: Table): Promise<void> {
  const over = overBounds(item, now);
  const e = new Expr();
  const sets: string[] = [];
  const removes: string[] = [];
  if (over.history) {
    const history = item.history as unknown[];
    const { kept, bytes } = newestWithin(history);
    sets.push(`${e.name('history')} = ${e.value(kept)}`, `${e.name('historyBytes')} = ${e.value(bytes)}`);
    const dropped = e.name('historyDropped');
    sets.push(`${dropped} = if_not_exists(${dropped}, ${e.value(0)}) + ${e.value(history.length - kept.length)}`);
  }
  if (over.ids) {
    sets.push(`${e.name('eventIdsPrev')} = ${e.value(idsOf(item.eventIds))}`, `${e.name('eventIdsSince')} = ${e.value(now)}`);
    removes.push(e.name('eventIds'));
  }
  const seq = e.name('eventSeq');
  const unchanged = item.eventSeq === undefined ? `attribute_not_exists(${seq})` : `${seq} = ${e.value(item.eventSeq)}`;
  const historyLength = Array.isArray(item.history) ? `size(${e.name('history')}) = ${e.value(item.history.length)}` : undefined;
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: [unchanged, historyLength].filter(Boolean).join(' AND '),
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err; // another writer moved first: the next attempt decides again
  }
}

const MAX_ATTEMPTS = 6;

export async function mergeEvent(m: EventMerge, db: Table = defaultTable()): Promise<MergeOutcome> {
  let withForward = !!m.forward;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = nowIso();
    let old: Item | undefined;
    try {
      await db.client.send(new UpdateCommand(buildUpdate(m, withForward, now, db.name)));
      return withForward || !m.forward ? 'applied' : 'history-only';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      old = oldItem(err);
    }
    if (!old) continue; // the item vanished between the condition and its read: try again
    if (holds(old, m.eventId)) return 'duplicate';
    const over = overBounds(old, now);
    if (over.history || over.ids) {
      await compact(m.pk, old, now, db);
      continue;
    }
    // Within bounds and new: only the forward condition failed, so the event is older than the state there.
    if (withForward) withForward = false;
  }
  throw new Error(`event ${m.eventId} on ${m.pk} kept losing races with other writers; the record is retried`);
}

/** An event-built item without the bookkeeping only mergeEvent reads. */
export function withoutMergeBookkeeping<T extends Item>(item: T): Omit<T, (typeof MERGE_BOOKKEEPING)[number]> {
  const out: Item = { ...item };
  for (const k of MERGE_BOOKKEEPING) delete out[k];
  return out as Omit<T, (typeof MERGE_BOOKKEEPING)[number]>;
}
