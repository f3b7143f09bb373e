import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { isConditionFailure, oldItemOf } from './conditional';

/**
 * The write behind the items built from webhook events (calls.ts, templates.ts, quality.ts, user-preferences.ts;
 * only they use it): folds one event into a long-lived item with conditional writes only, so SNS redelivery and any
 * arrival order give the same item:
 * - each event is appended to `history` once: its id goes into the `eventIds` string set and the write is
 *   conditional on the id not being there yet;
 * - the item's current state (`forward.set`) only moves forward: it is written only when this event is newer, by
 *   `forward.attr`, than the one that wrote it last; an older event still lands in the history.
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

function buildUpdate(m: EventMerge, withForward: boolean, tableName: string) {
  const e = new Expr();
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [k, v] of defined(m.set)) sets.push(`${e.name(k)} = ${e.value(v)}`);
  for (const [k, v] of defined(m.setOnce)) {
    const n = e.name(k);
    sets.push(`${n} = if_not_exists(${n}, ${e.value(v)})`);
  }
  const history = e.name('history');
  sets.push(`${history} = list_append(if_not_exists(${history}, ${e.value([])}), ${e.value([{ eventId: m.eventId, ...m.historyEntry }])})`);
  const ids = e.name('eventIds');
  const idValue = e.value(m.eventId);
  let condition = `NOT contains(${ids}, ${idValue})`;
  if (withForward && m.forward) {
    const attr = e.name(m.forward.attr);
    const at = e.value(m.forward.value);
    sets.push(`${attr} = ${at}`);
    for (const [k, v] of defined(m.forward.set)) sets.push(`${e.name(k)} = ${e.value(v)}`);
    for (const k of m.forward.remove ?? []) if (!(k in (m.forward.set ?? {}))) removes.push(e.name(k));
    condition += ` AND (attribute_not_exists(${attr}) OR ${attr} < ${at})`;
  }
  const expression = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD ${ids} ${e.value(new Set([m.eventId]))}`;
  return {
    TableName: tableName,
    Key: { pk: m.pk },
    UpdateExpression: expression,
    ConditionExpression: condition,
    ExpressionAttributeNames: e.names,
    ExpressionAttributeValues: e.values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** Did the item a failed condition returned already hold this event? */
const alreadyHas = (err: unknown, eventId: string): boolean => oldItemOf(err)?.eventIds?.SS?.includes(eventId) ?? false;

export async function mergeEvent(m: EventMerge, db: Table = defaultTable()): Promise<MergeOutcome> {
  try {
    await db.client.send(new UpdateCommand(buildUpdate(m, true, db.name)));
    return 'applied';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    if (!m.forward || alreadyHas(err, m.eventId)) return 'duplicate';
  }
  // Older than the state already there: keep it in the history only.
  try {
    await db.client.send(new UpdateCommand(buildUpdate(m, false, db.name)));
    return 'history-only';
  } catch (err) {
    if (isConditionFailure(err)) return 'duplicate';
    throw err;
  }
}
