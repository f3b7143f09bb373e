import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { Direction, ItemType, keys } from './keys';
import { statusRank, statusTimeAttribute } from './status-rank';

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

/** Where a status is written, and how its target was found. */
interface Target {
  pk: string;
  /** Found through the wamid's alias (item or this process's memory): the alias exists, whatever the message says. */
  viaAlias: boolean;
}

/**
 * Where a status belongs: the send's EUM id if known, else the wamid's alias, else a message stored under the wamid.
 * A wamid's alias never changes once written, so the process remembers the aliases it wrote or read: a status
 * without EUM's id then costs its one write, not a lookup and a write. An alias item without `targetPk` only holds
 * statuses waiting for it (waitOnAlias).
 */
async function targetOf(s: StatusEvent, db: Table): Promise<Target> {
  if (s.eumMessageId) return { pk: keys.message(s.eumMessageId), viaAlias: false };
  const known = aliasCache.get(s.wamid);
  if (known) return { pk: known, viaAlias: true };
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(s.wamid) } }));
  const target = Item?.targetPk as string | undefined;
  if (target) aliasCache.set(s.wamid, target);
  return target ? { pk: target, viaAlias: true } : { pk: keys.message(s.wamid), viaAlias: false };
}

/**
 * The parts of a status every arrival records, whatever its order: when each status was first seen, Meta's pricing
 * and errors. All first-write-wins, so any order of arrival leaves the same item.
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
/**
 * What a write found: done, or why not: the message as it was when its condition failed (`old`; undefined: no such
 * item), and, for a write of the alias, the wamid's item as it was when the alias could not be put (`alias`).
 */
type Attempt = { done: true } | { done: false; old?: Item; messageFailed: boolean; alias?: Item };

/** `advance`: the status moves forward; `history`: only its history is recorded (lower, repeated or unranked). */
type Mode = 'advance' | 'history';

/**
 * How a write treats the wamid's alias. The message's `waMessageId` is the proof that its alias exists and that no
 * status waits on it: it is set only with the alias (one transaction) or once what waited there was applied.
 * - `write`: the first status that names the send (usually `sent`): a transaction of the message's update and the
 *   alias, put only if the wamid has no item yet (a status without EUM's id may wait there).
 * - `assume`: a later status with EUM's id: a single UpdateItem requiring the proof (`waMessageId = :wamid`).
 * - `known`: the alias is known to point here with nothing waiting on it: a single UpdateItem that sets the proof.
 * - `via`: reached through the alias: a single UpdateItem that leaves the proof to the status that names the send.
 * - `own`: the message is stored under the wamid itself (migrated from the seed): no alias.
 */
type AliasMode = 'write' | 'assume' | 'known' | 'via' | 'own';

/** The statuses kept in a waiting item (`status_<name>` attributes), lowest first. */
export const waitingIn = (item: Item | undefined): StatusEvent[] =>
  Object.entries(item ?? {})
    .filter(([k]) => k.startsWith('status_'))
    .map(([, v]) => v as StatusEvent)
    .sort((a, b) => statusRank(a.status) - statusRank(b.status));

/** The document client does not translate items carried by errors: they come in DynamoDB's wire form. */
const fromWire = (raw: unknown): Item | undefined => (raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined);

/**
 * One write of a status to the item at `pk`: a single conditional UpdateItem, or with `write`, a transaction of it
 * and the wamid's alias (done once per message).
 */
async function attempt(s: StatusEvent, pk: string, mode: Mode, alias: AliasMode, db: Table): Promise<Attempt> {
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
  if (alias === 'write' || alias === 'known' || alias === 'own') {
    sets.push('waMessageId = if_not_exists(waMessageId, :wamid)');
    values[':wamid'] = s.wamid;
  } else if (alias === 'assume') {
    conditions.push('waMessageId = :wamid');
    values[':wamid'] = s.wamid;
  }
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
    if (alias === 'write') {
      const item = { pk: keys.messageAlias(s.wamid), itemType: ItemType.MessageAlias, targetPk: pk };
      const put = { TableName: db.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
      await db.client.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, { Put: put }] }));
      aliasCache.set(s.wamid, pk);
    } else {
      await db.client.send(new UpdateCommand(update));
    }
    return { done: true };
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons;
    if ((err as Error).name === 'TransactionCanceledException' && reasons) {
      const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      if (!failed(0) && !failed(1)) throw err;
      return { done: false, messageFailed: failed(0), old: failed(0) ? fromWire(reasons[0]!.Item) : undefined, alias: failed(1) ? fromWire(reasons[1]!.Item) : undefined };
    }
    if (isConditionFailure(err)) return { done: false, messageFailed: true, old: fromWire((err as { Item?: unknown }).Item) };
    throw err;
  }
}

/**
 * Writes a status to an existing message: 'applied' when it moved the status forward, 'stale' when it only
 * recorded history, undefined when there is no outbound message at `pk`. The in-order common case is one
 * UpdateItem; the first status that names the send (usually `sent`) also writes the alias, in the same request.
 * When the wamid already has an item (statuses that came without EUM's id wait there), the alias is made of it
 * and what waited is applied before the message gets its proof.
 */
async function writeStatus(s: StatusEvent, target: Target, db: Table): Promise<Exclude<StatusOutcome, 'pending'> | undefined> {
  const rank = statusRank(s.status);
  let mode: Mode = rank > 0 ? 'advance' : 'history';
  let pk = target.pk;
  const ownKey = () => pk === keys.message(s.wamid);
  let alias: AliasMode = ownKey() ? 'own' : target.viaAlias ? 'via' : s.status === 'sent' ? 'write' : 'assume';
  for (let tries = 0; tries < 6; tries++) {
    const r = await attempt(s, pk, mode, alias, db);
    if (r.done) return mode === 'advance' ? 'applied' : 'stale';
    if (r.messageFailed) {
      // A group message's send points its EUM id at the group message (shared/table/group-messages.ts).
      if (r.old?.itemType === ItemType.MessageAlias && typeof r.old.targetPk === 'string' && pk !== r.old.targetPk) {
        pk = r.old.targetPk;
        alias = ownKey() ? 'own' : alias === 'via' ? 'via' : s.status === 'sent' ? 'write' : 'assume';
        continue;
      }
      if (!r.old || r.old.direction !== Direction.Outbound) return undefined;
      // Decide again from the item as it is now: rank only grows, so a status found behind stays behind.
      if (rank > 0) mode = Number(r.old.statusRank ?? 0) >= rank ? 'history' : 'advance';
      if (alias === 'assume' && r.old.waMessageId !== s.wamid) alias = 'write';
    }
    if (r.alias) {
      // The wamid has an item: statuses that waited for its alias, or the alias itself.
      await adoptAlias(s.wamid, pk, r.alias, db);
      alias = 'known';
    }
  }
  throw new Error(`status ${s.status} for ${pk} kept losing races; the record is retried`);
}

/**
 * The wamid's item was there when the alias was to be put: statuses that came without EUM's id before the alias
 * (waitOnAlias), or the alias already (a run stopped after making it, before its message got the proof). Makes it
 * the alias of `pk` (statuses that arrive from then on see it and apply themselves), applies what waited, lowest
 * first, then removes it from the item. A run stopped on the way leaves the message without its proof, so the next
 * status that names the send comes here again and finishes (every write is idempotent).
 */
async function adoptAlias(wamid: string, pk: string, found: Item, db: Table): Promise<void> {
  let item = found;
  if (item.targetPk === undefined) {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.messageAlias(wamid) },
        UpdateExpression: 'SET targetPk = :pk, itemType = :alias REMOVE #ttl, createdAt, waMessageId',
        ConditionExpression: 'attribute_not_exists(targetPk) OR targetPk = :pk',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':pk': pk, ':alias': ItemType.MessageAlias },
        ReturnValues: 'ALL_NEW',
      }),
    ).catch(async (err) => {
      if (!isConditionFailure(err)) throw err;
      return undefined; // another message claimed the wamid first: its alias stays, nothing of it applies here
    });
    if (!out) return;
    item = out.Attributes ?? {};
  }
  if (item.targetPk !== pk) return;
  aliasCache.set(wamid, pk);
  const waiting = waitingIn(item);
  if (!waiting.length) return;
  for (const e of waiting) await writeStatus({ ...e, eumMessageId: undefined }, { pk, viaAlias: true }, db);
  // No status joins an item that has its target (waitOnAlias's condition): what was read is all there is.
  const names = Object.fromEntries(waiting.map((e, i) => [`#s${i}`, `status_${e.status}`]));
  await db.client.send(
    new UpdateCommand({ TableName: db.name, Key: { pk: keys.messageAlias(wamid) }, UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`, ExpressionAttributeNames: names }),
  );
}

/**
 * Applies a delivery status. A status for a message not stored yet is kept and applied when the message lands:
 * with EUM's id as a PENDING_STATUS that the send's store folds in (keepUnlessStored), without it on the wamid's
 * alias item, which the first status naming the send finds when it puts the alias (waitOnAlias, adoptAlias).
 */
export async function applyStatus(s: StatusEvent, db: Table = defaultTable()): Promise<StatusOutcome> {
  const target = await targetOf(s, db);
  const written = await writeStatus(s, target, db);
  if (written) return written;
  // The seed keyed its outbound messages by wamid: one migrated from it (npm run migrate) has no item under EUM's id,
  // so its statuses after the switch apply to the item under the wamid. Only this rare path pays the extra read.
  if (s.eumMessageId && (await isStoredUnderWamid(s.wamid, db))) return applyStatus({ ...s, eumMessageId: undefined }, db);
  if (s.eumMessageId) return keepUnlessStored(s, db);
  if (target.viaAlias) return 'pending'; // the alias points at a message that is gone (deleted): nothing to wait for
  return waitOnAlias(s, db);
}

/**
 * A status without EUM's id whose wamid has no alias yet waits on the wamid's item (`WAMID#<wamid>`, no `targetPk`,
 * DynamoDB's TTL after 7 days), only while the alias is missing: one conditional write. The alias is put only where
 * the wamid has no item, so whichever of the two lands second sees the first: the alias's writer applies what waits
 * (adoptAlias), or this write fails and the status applies itself to the alias's target.
 */
async function waitOnAlias(s: StatusEvent, db: Table): Promise<StatusOutcome> {
  try {
    await db.client.send(
      new UpdateCommand({
        ...keepUpdate(keys.messageAlias(s.wamid), { ...s, eumMessageId: undefined }, db),
        ConditionExpression: 'attribute_not_exists(targetPk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'pending';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const pk = fromWire((err as { Item?: unknown }).Item)?.targetPk as string;
    aliasCache.set(s.wamid, pk);
    return (await writeStatus(s, { pk, viaAlias: true }, db)) ?? 'pending';
  }
}

async function isStoredUnderWamid(wamid: string, db: Table): Promise<boolean> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.name, Key: { pk: keys.message(wamid) }, ProjectionExpression: '#d', ExpressionAttributeNames: { '#d': 'direction' }, ConsistentRead: true }),
  );
  return Item?.direction === Direction.Outbound;
}

/** The write that keeps a status in a waiting item (`pk`) until its message claims it or the item expires. */
const keepUpdate = (pk: string, s: StatusEvent, db: Table) => ({
  TableName: db.name,
  Key: { pk },
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
/** A status for a send (EUM's id) not stored yet. */
const pendingUpdate = (s: StatusEvent, db: Table) => keepUpdate(keys.pendingStatus(s.eumMessageId!), s, db);

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
  const outcome = await writeStatus(s, { pk, viaAlias: false }, db);
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

/** Applies the statuses waiting in one PENDING_STATUS item to the message at `messagePk`, lowest first, then deletes the item. */
async function applyWaiting(pendingPk: string, messagePk: string, eumMessageId: string, db: Table): Promise<number> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: pendingPk }, ConsistentRead: true }));
  if (!Item) return 0;
  const events = waitingIn(Item);
  for (const e of events) {
    const outcome = await writeStatus({ ...e, eumMessageId }, { pk: messagePk, viaAlias: false }, db);
    if (!outcome) return 0; // message vanished again; leave the item for the next attempt
  }
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: pendingPk } }));
  return events.length;
}
