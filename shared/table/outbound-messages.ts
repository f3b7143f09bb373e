import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conversationIdentity } from './conversations';
import { assertStorable } from './item-limits';
import { Direction, ItemType, keys } from './keys';
import type { StatusEvent } from './message-statuses';
import { STATUS_RANK, statusRank, statusTimeAttribute } from './status-rank';

/**
 * Storing a sent message (MESSAGE under EUM's id) with its conversation, in one transaction that also takes in the
 * statuses that arrived before it (PENDING_STATUS items, written by ingest's message-statuses.ts):
 *
 * - Common case, one request: the transaction checks that no status waits (ConditionCheck on PENDING_STATUS#<id>).
 * - A status waits: it is read (consistently) and folded into the message as it is written, and its PENDING_STATUS
 *   item deleted in the same transaction, guarded so that a status parked meanwhile cancels it and is folded too.
 *   No step follows the transaction, so no fault can strand a waiting status.
 * - A status parked after the transaction finds the message when it re-reads (ingest's side), and applies itself.
 * - The message put is conditional on absence: a retry after an ambiguous failure (a throttle or a lost answer once
 *   the transaction landed) finds the message stored and is done, so the store is retried, never doubled.
 */

export interface PhoneRef {
  arn: string;
  phoneNumberId?: string;
  metaPhoneNumberId?: string;
  displayPhoneNumber?: string;
  wabaId?: string;
}

export interface OutboundMessage {
  eumMessageId: string;
  phone: PhoneRef;
  customer: string;
  type: string;
  preview: string;
  payload: Record<string, unknown>;
  replyTo?: string;
  /** resend_message: the message this one sends again. */
  resentFrom?: string;
}

type Item = Record<string, unknown>;

/** The MESSAGE item of a sent message as it is before any status. */
function outboundMessageItem(m: OutboundMessage, conversationPk: string, now: string): Item {
  const businessNumber = (m.phone.displayPhoneNumber ?? '').replace(/\D/g, '');
  return {
    pk: keys.message(m.eumMessageId),
    itemType: ItemType.Message,
    direction: Direction.Outbound,
    messageId: m.eumMessageId,
    eumMessageId: m.eumMessageId,
    conversationPk,
    phoneArn: m.phone.arn,
    phoneNumberId: m.phone.phoneNumberId,
    wabaId: m.phone.wabaId,
    ...(businessNumber ? { from: businessNumber } : {}),
    to: m.customer,
    type: m.type,
    preview: m.preview,
    payload: m.payload,
    replyTo: m.replyTo,
    resentFrom: m.resentFrom,
    status: 'accepted',
    statusRank: statusRank('accepted'),
    acceptedAt: now,
    receivedAt: now,
    createdAt: now,
  };
}

/** EUM's message ids are UUIDs (36 characters); the check counts a longer one so it never under-estimates. */
const PLACEHOLDER_MESSAGE_ID = 'x'.repeat(64);
/** Statuses, the wamid, edits and reactions are added to a sent message later; keep room for them. */
const LATER_UPDATES_BYTES = 8 * 1024;

/**
 * Refuses (400 naming the field) a message whose stored form DynamoDB would reject, too large or nested too deep.
 * Call it before sending: once EUM Social has the message, a failed store leaves a sent message we do not know of.
 */
export function assertOutboundStorable(m: Omit<OutboundMessage, 'eumMessageId'>): void {
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  const item = outboundMessageItem({ ...m, eumMessageId: PLACEHOLDER_MESSAGE_ID }, conversationPk, nowIso());
  assertStorable(item, 'payload', 'a stored message', LATER_UPDATES_BYTES);
}

/**
 * The message as ingest would leave it after applying these statuses one by one (message-statuses.ts `writeStatus`):
 * the highest ranked status wins, each status's time, pricing and errors are first-write-wins, and the first wamid
 * seen becomes `waMessageId`. tests/integration/faults/send-store.test.ts compares both orders.
 */
export function foldStatuses(message: Item, events: StatusEvent[]): Item {
  const item = { ...message };
  for (const e of [...events].sort((a, b) => statusRank(a.status) - statusRank(b.status))) {
    const timeAttr = statusTimeAttribute(e.status);
    item[timeAttr] ??= e.at;
    if (e.pricing) item.pricing ??= e.pricing;
    if (e.errors?.length) item[e.status === 'failed' ? 'errors' : `${e.status.replace(/[^a-z]/gi, '')}Errors`] ??= e.errors;
    const rank = statusRank(e.status);
    if (rank > 0 && rank > Number(item.statusRank ?? 0)) Object.assign(item, { status: e.status, statusRank: rank, statusUpdatedAt: e.at });
    item.waMessageId ??= e.wamid;
  }
  return item;
}

/** Statuses a PENDING_STATUS item may hold (`status_<name>` attributes), as message-statuses.ts writes them. */
const STATUS_NAMES = [...Object.keys(STATUS_RANK), 'warning'];
const statusesIn = (pending: Item): StatusEvent[] =>
  Object.entries(pending)
    .filter(([k]) => k.startsWith('status_'))
    .map(([, v]) => v as StatusEvent);

/**
 * The transaction's part for one PENDING_STATUS key: absent when read (or never read) → it must still be absent;
 * present → delete it, provided it holds no status beyond those folded (a status parked since cancels the delete).
 */
function pendingPart(pk: string, seen: Item | undefined, db: Table) {
  if (!seen) return { ConditionCheck: { TableName: db.name, Key: { pk }, ConditionExpression: 'attribute_not_exists(pk)' } };
  const unseen = [...new Set([...STATUS_NAMES, ...Object.keys(seen).filter((k) => k.startsWith('status_')).map((k) => k.slice(7))])].filter(
    (n) => seen[`status_${n}`] === undefined,
  );
  const names = Object.fromEntries(unseen.map((n, i) => [`#s${i}`, `status_${n}`]));
  return {
    Delete: {
      TableName: db.name,
      Key: { pk },
      ...(unseen.length ? { ConditionExpression: Object.keys(names).map((n) => `attribute_not_exists(${n})`).join(' AND '), ExpressionAttributeNames: names } : {}),
    },
  };
}

/**
 * The transaction's part for the wamid's alias: put where the wamid has no item, or in place of the statuses that
 * waited on it (folded into the message), provided none joined them since it was read. An alias already there is
 * left as it is.
 */
function aliasPart(pk: string, seen: Item | undefined, targetPk: string, db: Table) {
  if (seen?.targetPk !== undefined) return { ConditionCheck: { TableName: db.name, Key: { pk }, ConditionExpression: 'attribute_exists(targetPk)' } };
  const guard = seen ? pendingPart(pk, seen, db).Delete : undefined;
  const condition = seen ? ['attribute_not_exists(targetPk)', ...(guard?.ConditionExpression ? [guard.ConditionExpression] : [])].join(' AND ') : 'attribute_not_exists(pk)';
  return {
    Put: {
      TableName: db.name,
      Item: { pk, itemType: ItemType.MessageAlias, targetPk },
      ConditionExpression: condition,
      ...(guard?.ExpressionAttributeNames ? { ExpressionAttributeNames: guard.ExpressionAttributeNames } : {}),
    },
  };
}

export interface StoredOutbound {
  conversationPk: string;
  sentAt: string;
}

type Outcome = { stored: StoredOutbound } | { recheck: string[] };

/**
 * One attempt: the message (with the statuses in `waiting` folded in), its conversation, its wamid alias when a status
 * named it, and the guard or delete of each PENDING_STATUS key. Cancelled by a pending guard → the keys to read again.
 */
async function attempt(m: OutboundMessage, waiting: Map<string, Item | undefined>, db: Table): Promise<Outcome> {
  const now = nowIso();
  const conversationPk = keys.conversation(m.phone.arn, m.customer);
  const conv = conversationIdentity(m.phone, m.customer, now);
  const message = foldStatuses(outboundMessageItem(m, conversationPk, now), [...waiting.values()].flatMap((p) => (p && p.targetPk === undefined ? statusesIn(p) : [])));
  const wamid = typeof message.waMessageId === 'string' ? message.waMessageId : undefined;
  // Statuses that came without EUM's id wait on the wamid's alias item (older versions: under PENDING_STATUS#<wamid>):
  // the alias is put in their place, with them folded in.
  const aliasKey = wamid ? keys.messageAlias(wamid) : undefined;
  for (const pk of wamid ? [keys.pendingStatus(wamid), aliasKey!] : []) if (!waiting.has(pk)) waiting.set(pk, undefined);
  const pendingKeys = [...waiting.keys()];
  const items = [
    { Put: { TableName: db.name, Item: message, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } },
    {
      Update: {
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: `SET ${conv.set.join(', ')}, lastMessage = :preview, lastMessageType = :type, lastMessageDirection = :dir, lastMessageId = :mid, lastMessageAt = :now, receivedAt = :now, lastOutboundAt = :now`,
        ExpressionAttributeValues: { ...conv.values, ':preview': m.preview, ':type': m.type, ':dir': Direction.Outbound, ':mid': m.eumMessageId },
      },
    },
    ...pendingKeys.map((pk) => (pk === aliasKey ? aliasPart(pk, waiting.get(pk), message.pk as string, db) : pendingPart(pk, waiting.get(pk), db))),
  ];
  try {
    await db.client.send(new TransactWriteCommand({ TransactItems: items }));
    return { stored: { conversationPk, sentAt: now } };
  } catch (err) {
    const reasons = (err as { name?: string; CancellationReasons?: { Code?: string; Item?: unknown }[] }).CancellationReasons;
    if ((err as Error).name !== 'TransactionCanceledException' || !reasons) throw err;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return { stored: storedBefore(reasons[0].Item, conversationPk, now) };
    const first = items.length - pendingKeys.length;
    const recheck = pendingKeys.filter((_, i) => ['ConditionalCheckFailed', 'TransactionConflict'].includes(reasons[first + i]?.Code ?? ''));
    if (recheck.length) return { recheck };
    throw err;
  }
}

/** An earlier attempt stored the message (its answer was lost): that copy is the one. */
function storedBefore(raw: unknown, conversationPk: string, now: string): StoredOutbound {
  const old = raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined;
  return { conversationPk: (old?.conversationPk as string) ?? conversationPk, sentAt: (old?.createdAt as string) ?? now };
}

async function readPending(pk: string, db: Table): Promise<Item | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk }, ConsistentRead: true }));
  return Item;
}

/** Rounds of "a status was parked meanwhile, read it and try again" before giving up (each needs a new status). */
const MAX_ROUNDS = 8;

/** One store: the fast attempt, then as many rounds as statuses keep arriving. */
async function storeOnce(m: OutboundMessage, db: Table): Promise<StoredOutbound> {
  const waiting = new Map<string, Item | undefined>([[keys.pendingStatus(m.eumMessageId), undefined]]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await attempt(m, waiting, db);
    if ('stored' in outcome) return outcome.stored;
    const fresh = await Promise.all(outcome.recheck.map((pk) => readPending(pk, db)));
    outcome.recheck.forEach((pk, i) => waiting.set(pk, fresh[i]));
  }
  throw new Error(`storing message ${m.eumMessageId}: statuses kept arriving during ${MAX_ROUNDS} attempts`);
}

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
]);
/** Why a transaction was cancelled that another try can get past: another writer held an item, or throttling. */
const PASSING_REASONS = new Set(['None', 'TransactionConflict', 'ThrottlingError']);

/** A fault that may pass, and may have hidden a write that landed: worth another try of an idempotent store. */
const isTransient = (err: unknown): boolean => {
  const e = err as { name?: string; code?: string; $retryable?: unknown; CancellationReasons?: { Code?: string }[] };
  if (e?.name === 'TransactionCanceledException') return (e.CancellationReasons ?? []).every((r) => PASSING_REASONS.has(r.Code ?? 'None'));
  return TRANSIENT.has(e?.name ?? '') || TRANSIENT.has(e?.code ?? '') || !!e?.$retryable;
};

const STORE_ATTEMPTS = 4;

/**
 * Stores a sent message, its conversation's counters and the statuses that beat it here, atomically (see above).
 * WhatsApp already has the message, so a transient fault is tried again (the store is idempotent) rather than
 * leaving a sent message unrecorded; the common case is one request.
 */
export async function recordOutbound(m: OutboundMessage, db: Table = defaultTable()): Promise<StoredOutbound> {
  for (let tried = 1; ; tried++) {
    try {
      return await storeOnce(m, db);
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (tried >= STORE_ATTEMPTS) {
        // The last answer may be what was lost: a message that did get stored is not a failed store.
        const stored = await storedCopy(m.eumMessageId, db).catch(() => undefined);
        if (stored) return stored;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 25 * 2 ** tried * (0.5 + Math.random())));
    }
  }
}

async function storedCopy(eumMessageId: string, db: Table): Promise<StoredOutbound | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.message(eumMessageId) }, ConsistentRead: true }));
  return Item?.direction === Direction.Outbound ? { conversationPk: Item.conversationPk as string, sentAt: Item.createdAt as string } : undefined;
}
