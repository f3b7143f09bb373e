import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite, isConditionFailure } from './conditional';
import { Direction, ItemType, keys } from './keys';
import { STATUS_RANK, statusRank, statusTimeAttribute } from './status-rank';

/**
 * Delivery statuses of outbound MESSAGE items, and the two items that serve them: MESSAGE_ALIAS (`WAMID#…`, Meta's
 * wamid → the item stored under EUM's id) and PENDING_STATUS (a status that arrived before its message).
 *
 * The guarantee: whatever the order and interleaving of the message's store and its statuses, the item ends at the
 * highest status. Every write is conditional on what it assumes, and a failed condition returns the item as it was,
 * so the next step is chosen from facts, never from a guess made before another writer landed.
 */

export interface StatusEvent {
  wamid: string;
  status: string;
  at: string;
  /** EUM's id of the send, from the SNS envelope's messageId, when EUM gave one. */
  eumMessageId?: string;
  recipientId?: string;
  errors?: unknown[];
  pricing?: unknown;
  conversation?: unknown;
}

export type StatusOutcome = 'applied' | 'stale' | 'pending';

/** PENDING_STATUS items live this long (DynamoDB TTL): a status whose send never gets stored is not kept forever. */
const PENDING_TTL_SECONDS = 7 * 24 * 3600;

/**
 * wamid → the key of its message, for aliases this process wrote or read (an alias never changes once written).
 * Bounded: the oldest entry goes first; 20,000 entries are a few MB.
 */
class AliasCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly max: number) {}
  get(wamid: string): string | undefined {
    return this.map.get(wamid);
  }
  set(wamid: string, pk: string): void {
    if (this.map.has(wamid)) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(wamid, pk);
  }
  clear(): void {
    this.map.clear();
  }
}
const aliasCache = new AliasCache(20_000);
/** Tests that count requests start from a process that knows no alias. */
export const forgetKnownAliases = (): void => aliasCache.clear();

/**
 * Where a status belongs: the send's EUM id if known, else the wamid's alias, else a message stored under the wamid.
 * A wamid's alias never changes once written, so the process remembers the aliases it wrote or read: a status
 * without EUM's id then costs its one write, not a lookup and a write.
 */
async function targetOf(s: StatusEvent, db: Table, consistent = false): Promise<string> {
  if (s.eumMessageId) return keys.message(s.eumMessageId);
  const known = aliasCache.get(s.wamid);
  if (known) return known;
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(s.wamid) }, ConsistentRead: consistent }));
  const target = Item?.targetPk as string | undefined;
  if (target) aliasCache.set(s.wamid, target);
  return target ?? keys.message(s.wamid);
}

/**
 * The parts of a status every arrival records, whatever its order: when each status was first seen, Meta's pricing
 * and errors. All first-write-wins, so any order of arrival leaves the same item. (`waMessageId` is set only with
 * its alias, so an item that has it has its alias.)
 */
function historyUpdate(s: StatusEvent) {
  const sets = ['#timeAttr = if_not_exists(#timeAttr, :at)'];
  const values: Record<string, unknown> = { ':at': s.at };
  if (s.pricing) {
    sets.push('pricing = if_not_exists(pricing, :pricing)');
    values[':pricing'] = s.pricing;
  }
  if (s.errors?.length) {
    // failed → errors; warning → warnings (a warning never changes the status).
    const attr = s.status === 'failed' ? 'errors' : `${s.status.replace(/[^a-z]/gi, '')}Errors`;
    sets.push(`${attr} = if_not_exists(${attr}, :errors)`);
    values[':errors'] = s.errors;
  }
  return { sets, values, names: { '#timeAttr': statusTimeAttribute(s.status) } as Record<string, string> };
}

type Item = Record<string, unknown>;
/** What a write found: done, or the item as it was when its condition failed (undefined: no such item). */
type Attempt = { done: true } | { done: false; old: Item | undefined } | { done: false; waitingByWamid: true };

/** `advance`: the status moves forward; `history`: only its history is recorded (lower, repeated or unranked). */
type Mode = 'advance' | 'history';

/**
 * One write of a status to the item at `pk`. With `withAlias` it is a transaction that also writes the wamid alias
 * (and `waMessageId`), done once per message; otherwise a single UpdateItem that requires the alias to exist
 * already (`waMessageId = :wamid`) unless the item is stored under the wamid itself.
 */
async function attempt(s: StatusEvent, pk: string, mode: Mode, withAlias: boolean, waitingChecked: boolean, db: Table): Promise<Attempt> {
  const h = historyUpdate(s);
  const rank = statusRank(s.status);
  const sets = mode === 'advance' ? ['#status = :status', 'statusRank = :rank', 'statusUpdatedAt = :at', ...h.sets] : [...h.sets];
  const values: Item = { ...h.values, ':outbound': Direction.Outbound };
  if (mode === 'advance') Object.assign(values, { ':status': s.status, ':rank': rank });
  const conditions = ['attribute_exists(pk)', 'direction = :outbound'];
  if (mode === 'advance') conditions.push('(attribute_not_exists(statusRank) OR statusRank < :rank)');
  else if (rank > 0) {
    values[':rank'] = rank;
    conditions.push('statusRank >= :rank');
  }
  const ownKey = pk === keys.message(s.wamid);
  if (withAlias || ownKey) sets.push('waMessageId = if_not_exists(waMessageId, :wamid)');
  else conditions.push('waMessageId = :wamid');
  values[':wamid'] = s.wamid;
  const update = {
    TableName: db.name,
    Key: { pk },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: { ...h.names, ...(mode === 'advance' ? { '#status': 'status' } : {}) },
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  try {
    if (withAlias && !ownKey) {
      const alias = { pk: keys.messageAlias(s.wamid), itemType: ItemType.MessageAlias, targetPk: pk };
      const transact = [{ Update: update }, { Put: { TableName: db.name, Item: alias } }, ...(waitingChecked ? [] : [noPendingByWamid(s.wamid, db)])];
      await db.client.send(new TransactWriteCommand({ TransactItems: transact }));
      aliasCache.set(s.wamid, pk);
    } else {
      await db.client.send(new UpdateCommand(update));
    }
    return { done: true };
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons;
    // The document client does not translate items carried by errors: they come in DynamoDB's wire form.
    const old = (raw: unknown) => (raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined);
    if ((err as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return { done: false, old: old(reasons[0].Item) };
    if ((err as Error).name === 'TransactionCanceledException' && reasons?.[2]?.Code === 'ConditionalCheckFailed') return { done: false, waitingByWamid: true };
    if (isConditionFailure(err)) return { done: false, old: old((err as { Item?: unknown }).Item) };
    throw err;
  }
}

/**
 * Part of the transaction that first writes a wamid's alias: fails it if statuses without EUM's id wait under the
 * wamid (PENDING_STATUS#<wamid>), so they are applied now. Free in the common case (nothing waits): no extra request.
 * A status parked after this check sees the alias when it re-reads and applies itself.
 */
const noPendingByWamid = (wamid: string, db: Table) => ({
  ConditionCheck: { TableName: db.name, Key: { pk: keys.pendingStatus(wamid) }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * Writes a status to an existing message: 'applied' when it moved the status forward, 'stale' when it only
 * recorded history, undefined when there is no outbound message at `pk`. The in-order common case is one
 * UpdateItem; the first status of a message (usually `sent`) also writes the alias, in the same request.
 */
async function writeStatus(s: StatusEvent, target: string, db: Table): Promise<Exclude<StatusOutcome, 'pending'> | undefined> {
  const rank = statusRank(s.status);
  let mode: Mode = rank > 0 ? 'advance' : 'history';
  let withAlias = s.status === 'sent';
  let waitingByWamid = false;
  let pk = target;
  for (let tries = 0; tries < 5; tries++) {
    const r = await attempt(s, pk, mode, withAlias, waitingByWamid, db);
    if (r.done) {
      if (waitingByWamid) await applyWaiting(keys.pendingStatus(s.wamid), pk, undefined, db);
      return mode === 'advance' ? 'applied' : 'stale';
    }
    if ('waitingByWamid' in r) {
      waitingByWamid = true; // write the alias without the check, then apply what waits
      continue;
    }
    // A group message's send points its EUM id at the group message (shared/table/group-messages.ts).
    if (r.old?.itemType === ItemType.MessageAlias && typeof r.old.targetPk === 'string' && pk !== r.old.targetPk) {
      pk = r.old.targetPk;
      continue;
    }
    if (!r.old || r.old.direction !== Direction.Outbound) return undefined;
    // Decide again from the item as it is now: rank only grows, so a status found behind stays behind.
    withAlias = r.old.waMessageId !== s.wamid;
    if (rank > 0) mode = Number(r.old.statusRank ?? 0) >= rank ? 'history' : 'advance';
  }
  throw new Error(`status ${s.status} for ${pk} kept losing races; the record is retried`);
}

/**
 * Applies a delivery status. A status for a message not stored yet is kept (PENDING_STATUS) and applied when the
 * message lands. With EUM's id, keeping it and the send's store are transactions that each check for the other
 * (keepUnlessStored); without it (found by wamid), both sides write first and then read strongly consistently, so
 * at least one of them sees the other.
 */
export async function applyStatus(s: StatusEvent, db: Table = defaultTable()): Promise<StatusOutcome> {
  const written = await writeStatus(s, await targetOf(s, db), db);
  if (written) return written;
  // The seed keyed its outbound messages by wamid: one migrated from it (npm run migrate) has no item under EUM's id,
  // so its statuses after the switch apply to the item under the wamid. Only this rare path pays the extra read.
  if (s.eumMessageId && (await isStoredUnderWamid(s.wamid, db))) return applyStatus({ ...s, eumMessageId: undefined }, db);
  if (s.eumMessageId) return keepUnlessStored(s, db);
  await keepPending(s, db);
  // The send may have landed meanwhile: if so, this status applies itself (the store may have read pending before us).
  const pk = await targetOf(s, db, true);
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk }, ConsistentRead: true }));
  if (Item?.direction !== Direction.Outbound && Item?.itemType !== ItemType.MessageAlias) return 'pending';
  const outcome = await writeStatus(s, pk, db);
  if (!outcome) return 'pending';
  await forgetPending(s, db);
  return outcome;
}

async function isStoredUnderWamid(wamid: string, db: Table): Promise<boolean> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.name, Key: { pk: keys.message(wamid) }, ProjectionExpression: '#d', ExpressionAttributeNames: { '#d': 'direction' }, ConsistentRead: true }),
  );
  return Item?.direction === Direction.Outbound;
}

/** Statuses Meta sends; a pending item is deleted only when none of them is left in it. */
const KNOWN_STATUSES = [...Object.keys(STATUS_RANK), 'warning'];

/**
 * Removes a status that applied itself from its pending item, and the item once it holds no status (never the
 * whole item blindly: another status in it may still wait for the message's store to apply it).
 */
async function forgetPending(s: StatusEvent, db: Table): Promise<void> {
  let left: Item | undefined;
  const removed = await conditionalWrite(async () => {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: pendingKey(s) },
        UpdateExpression: 'REMOVE #s',
        ConditionExpression: 'attribute_exists(pk)', // already deleted by the message's store: nothing to do
        ExpressionAttributeNames: { '#s': `status_${s.status}` },
        ReturnValues: 'ALL_NEW',
      }),
    );
    left = out.Attributes;
  });
  if (!removed || Object.keys(left ?? {}).some((k) => k.startsWith('status_'))) return;
  const names = Object.fromEntries(KNOWN_STATUSES.map((n, i) => [`#s${i}`, `status_${n}`]));
  await conditionalWrite(() =>
    db.client.send(
      new DeleteCommand({
        TableName: db.name,
        Key: { pk: pendingKey(s) },
        ConditionExpression: Object.keys(names).map((n) => `attribute_not_exists(${n})`).join(' AND '),
        ExpressionAttributeNames: names,
      }),
    ),
  );
}

const pendingKey = (s: Pick<StatusEvent, 'eumMessageId' | 'wamid'>) => keys.pendingStatus(s.eumMessageId ?? s.wamid);

/** The write that keeps a status whose message is not stored yet, until it is or the item expires. */
const pendingUpdate = (s: StatusEvent, db: Table) => ({
  TableName: db.name,
  Key: { pk: pendingKey(s) },
  UpdateExpression: 'SET itemType = :type, createdAt = if_not_exists(createdAt, :now), waMessageId = :wamid, #ttl = if_not_exists(#ttl, :ttl), #s = :event',
  ExpressionAttributeNames: { '#s': `status_${s.status}`, '#ttl': 'ttl' },
  ExpressionAttributeValues: {
    ':type': ItemType.PendingStatus,
    ':now': nowIso(),
    ':wamid': s.wamid,
    ':ttl': Math.floor(Date.now() / 1000) + PENDING_TTL_SECONDS,
    ':event': s,
  },
});

async function keepPending(s: StatusEvent, db: Table): Promise<void> {
  await db.client.send(new UpdateCommand(pendingUpdate(s, db)));
}

/**
 * A status for a send (EUM's id) not stored yet is kept only while the send still is not: one transaction keeps it
 * and checks that the message is absent. The send's store checks for kept statuses in its own transaction and folds
 * them in (outbound-messages.ts), so whichever lands second sees the first, with nothing to re-read; and a status is
 * never kept beside its stored message (a run stopped after keeping it leaves it to the store, not to a retry that
 * would apply it and leave the kept copy behind).
 */
async function keepUnlessStored(s: StatusEvent, db: Table): Promise<StatusOutcome> {
  const pk = keys.message(s.eumMessageId!);
  try {
    await db.client.send(
      new TransactWriteCommand({
        TransactItems: [{ Update: pendingUpdate(s, db) }, { ConditionCheck: { TableName: db.name, Key: { pk }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    );
    return 'pending';
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if ((err as Error).name !== 'TransactionCanceledException' || reasons?.[1]?.Code !== 'ConditionalCheckFailed') throw err;
  }
  // The message was stored since this status missed it: apply it to the message.
  const outcome = await writeStatus(s, pk, db);
  if (!outcome) throw new Error(`status ${s.status}: ${pk} exists but is not an outbound message; the record is retried`);
  return outcome;
}

/**
 * Applies (idempotently) and removes the statuses that arrived before the message with this EUM id was stored.
 * Deleting is safe even if a status was added after the read: its writer saw this message and applied itself.
 */
export async function applyPendingStatuses(eumMessageId: string, db: Table = defaultTable()): Promise<number> {
  return applyWaiting(keys.pendingStatus(eumMessageId), keys.message(eumMessageId), eumMessageId, db);
}

/**
 * Applies the statuses waiting in one PENDING_STATUS item (under EUM's id, or under a wamid for statuses that came
 * without EUM's id) to the message at `messagePk`, lowest first, then deletes the item.
 */
async function applyWaiting(pendingPk: string, messagePk: string, eumMessageId: string | undefined, db: Table): Promise<number> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: pendingPk }, ConsistentRead: true }));
  if (!Item) return 0;
  const events = Object.entries(Item)
    .filter(([k]) => k.startsWith('status_'))
    .map(([, v]) => v as StatusEvent)
    .sort((a, b) => statusRank(a.status) - statusRank(b.status));
  for (const e of events) {
    const outcome = await writeStatus({ ...e, ...(eumMessageId ? { eumMessageId } : {}) }, messagePk, db);
    if (!outcome) return 0; // message vanished again; leave the item for the next attempt
  }
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: pendingPk } }));
  return events.length;
}
