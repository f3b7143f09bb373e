import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '../errors';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { conversationIdentity, CUSTOMER_SERVICE_WINDOW_MS } from './conversations';

/**
 * A conversation's unread messages, counted exactly once each, in an item that stays small however many there are.
 *
 * - `unreadCount` is the count the API shows.
 * - `unreadKeys` / `unreadKeysOld` are a window of the most recently counted, still unread messages: two generations
 *   of at most UNREAD_WINDOW keys each. When the current one is full, the next message moves it to `unreadKeysOld`
 *   (the older generation is dropped) and starts a new one. A key is the wamid's digest (unreadKey: 12 characters, not
 *   the wamid's ~60), so a full window is about 2.6 KB, which every inbound message rewrites (about 12 KB, 12 WCU per
 *   message, with whole wamids); a plain set of every unread id filled the 400 KB item at about 7,000.
 * - `unreadIds` / `unreadIdsOld` are the same window as items written before the keys hold it: whole wamids. Nothing
 *   adds to them any more; the first delivery that finds them moves their ids into the keys of the same generation
 *   (convertLegacyWindow), and every counting update requires them gone, so a message counted under the old form is
 *   still recognised when redelivered.
 * - `unreadWindowSince` is when the older generation began: every message counted after it is still in the window.
 *
 * How a delivery knows whether its message is already counted:
 * - in the window: counted (a concurrent or crashed-then-retried delivery of a recent message);
 * - at or before `readUpTo`: the business read past it, it never counts;
 * - a first delivery (the message put stored the item): not counted yet, whatever the window says;
 * - a redelivery of a message stored after `unreadWindowSince` (with clock-skew margin) and not in the window: its
 *   first delivery stopped between the two writes, so it is counted now (the crash heals);
 * - a redelivery of a message stored before: its id may have left the window, so the duplicate message item is
 *   taken as the proof that it was counted. The one case this misses is a first delivery that stopped between the
 *   two writes and is redelivered only after UNREAD_WINDOW newer messages were counted in that chat: the count is
 *   then one short, never one too many.
 */
export const UNREAD_WINDOW = 100;

/**
 * How far two Lambda instances' clocks may disagree (a message's createdAt against a rotation's time). Lambda hosts
 * keep time with Amazon Time Sync (well under a second); a redelivery within this margin after a rotation is taken
 * as counted.
 */
export const CLOCK_SKEW_MS = 5_000;

const EPOCH = new Date(0).toISOString();

/**
 * A wamid's key in the unread window: the first 72 bits of its SHA-256, base64url (12 characters). Two different
 * wamids share a key with odds of 2^-72; a new message meets at most 2 × UNREAD_WINDOW keys of its own chat, so the
 * odds that one is wrongly taken as counted are under 200 × 2^-72 ≈ 4 × 10^-20 per message (about 4 × 10^-8 over
 * a trillion messages), and a collision errs the safe way: one short, never counted twice.
 */
export const unreadKey = (wamid: string): string => createHash('sha256').update(wamid).digest().subarray(0, 9).toString('base64url');

export interface InboundForConversation {
  conversationPk: string;
  phone: { arn: string; phoneNumberId?: string; wabaId?: string };
  customer: string;
  contactName?: string;
  wamid: string;
  at: string;
  preview: string;
  type: string;
  /** False for a redelivery: the message item was already stored (at `storedAt`, its createdAt). */
  isNew: boolean;
  storedAt?: string;
}

type OldConversation = Record<string, unknown> | undefined;

/** What one inbound message changes on its conversation, decided from the item as it was. */
export interface InboundDecision {
  /** Newer than the last message: becomes the last message (and the newest inbound one). */
  newest: boolean;
  /** Newer than the last inbound message: opens the customer-service window. */
  opensWindow: boolean;
  /** Counts as one more unread message. */
  count: boolean;
  /** Counting it starts a new window generation (the current one is full). */
  rotate: boolean;
  /** Its id is in the window: a delivery recorded it in full already (the fields with the count, in one update). */
  recorded: boolean;
}

const idsOf = (v: unknown): Set<string> => (v instanceof Set ? (v as Set<string>) : new Set());
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Pure: the rules in the module comment, applied to the conversation item as it was (undefined: no item yet). */
export function decideInbound(m: Pick<InboundForConversation, 'wamid' | 'at' | 'isNew' | 'storedAt'>, old: OldConversation): InboundDecision {
  const lastMessageAt = str(old?.lastMessageAt);
  const lastInboundAt = str(old?.lastInboundAt);
  const readUpTo = str(old?.readUpTo);
  const windowSince = str(old?.unreadWindowSince);
  const current = idsOf(old?.unreadKeys);
  const key = unreadKey(m.wamid);
  const counted =
    current.has(key) || idsOf(old?.unreadKeysOld).has(key) || idsOf(old?.unreadIds).has(m.wamid) || idsOf(old?.unreadIdsOld).has(m.wamid);
  const read = readUpTo !== undefined && readUpTo >= m.at;
  const windowCovers =
    m.isNew || windowSince === undefined || (m.storedAt !== undefined && Date.parse(m.storedAt) - CLOCK_SKEW_MS > Date.parse(windowSince));
  const count = !counted && !read && windowCovers;
  return {
    newest: lastMessageAt === undefined || lastMessageAt <= m.at,
    opensWindow: lastInboundAt === undefined || lastInboundAt < m.at,
    count,
    rotate: count && current.size >= UNREAD_WINDOW,
    recorded: counted,
  };
}

/** The first try assumes the common case: the newest message, not counted yet, room in the window. */
const OPTIMISTIC: InboundDecision = { newest: true, opensWindow: true, count: true, rotate: false, recorded: false };

/**
 * Conversations this process wrote in full, with the identity they were written with (the phone's ids, which an
 * envelope may lack), so a later message with the same identity leaves those attributes out: they never change for
 * a key, and a shorter update costs DynamoDB less. Bounded: the oldest entry goes first. Conversations are never
 * deleted; an item that lacks its identity anyway (`inboxPk`) fails the short update's condition and is written in
 * full.
 */
const MAX_KNOWN_CONVERSATIONS = 20_000;
const knownConversations = new Map<string, string>();
const identityOf = (m: InboundForConversation) => `${m.phone.phoneNumberId ?? ''}|${m.phone.wabaId ?? ''}`;
function rememberConversation(m: InboundForConversation): void {
  if (knownConversations.has(m.conversationPk)) knownConversations.delete(m.conversationPk);
  else if (knownConversations.size >= MAX_KNOWN_CONVERSATIONS) knownConversations.delete(knownConversations.keys().next().value as string);
  knownConversations.set(m.conversationPk, identityOf(m));
}
/** Tests that look at the update a message makes start from a process that knows no conversation. */
export const forgetKnownConversations = (): void => knownConversations.clear();

/**
 * Records an inbound message on its conversation: one conditional update in the common case, safe to repeat after
 * a crash or a redelivery. Each field moves by its own rule (the last message only forward, SNS does not keep
 * order; the customer-service window by the newest inbound message; the unread count exactly once, see above), and
 * every write is conditional on what it was decided from, so a concurrent writer only makes it decide again.
 */
export async function recordInboundOnConversation(m: InboundForConversation, db: Table = defaultTable()): Promise<void> {
  let decision = OPTIMISTIC;
  let known = knownConversations.get(m.conversationPk) === identityOf(m);
  for (let tries = 0; tries < 6; tries++) {
    try {
      await db.client.send(new UpdateCommand({ TableName: db.name, Key: { pk: m.conversationPk }, ...inboundUpdate(m, decision, known) }));
      if (!known) rememberConversation(m);
      return;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const old = wireItem(err);
      if (old && hasLegacyWindow(old)) await convertLegacyWindow(m.conversationPk, old, db);
      decision = decideInbound(m, old);
      // Nothing left for this message to change (a redelivery of a message fully recorded, or read long ago).
      if (old && (decision.recorded || (!decision.newest && !decision.opensWindow && !decision.count))) return;
      if (old?.inboxPk === undefined) {
        known = false;
        knownConversations.delete(m.conversationPk);
      }
    }
  }
  throw new Error(`inbound ${m.wamid} kept losing races on its conversation; the record is retried`);
}

const hasLegacyWindow = (item: Record<string, unknown>): boolean => item.unreadIds !== undefined || item.unreadIdsOld !== undefined;

/**
 * Moves a window kept as whole wamids (an item written before the keys) into keys of the same generation: the
 * current ids into `unreadKeys`, the older ones into `unreadKeysOld`. Only adds and deletes the ids it read, so it
 * needs no condition: an id another writer added meanwhile stays until the next delivery moves it, and one that a
 * rotation moved to the older generation meanwhile lands in the current keys, which keep it longer, never shorter.
 */
async function convertLegacyWindow(conversationPk: string, old: Record<string, unknown>, db: Table): Promise<void> {
  const adds: string[] = [];
  const deletes: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [legacy, keyed, name] of [['unreadIds', 'unreadKeys', 'cur'], ['unreadIdsOld', 'unreadKeysOld', 'old']] as const) {
    const ids = idsOf(old[legacy]);
    if (!ids.size) continue;
    adds.push(`${keyed} :${name}Keys`);
    deletes.push(`${legacy} :${name}Ids`);
    values[`:${name}Keys`] = new Set([...ids].map(unreadKey));
    values[`:${name}Ids`] = ids;
  }
  if (!adds.length) return;
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: conversationPk },
      UpdateExpression: `ADD ${adds.join(', ')} DELETE ${deletes.join(', ')}`,
      ExpressionAttributeValues: values,
    }),
  );
}

/** The item a failed condition carried back, in plain values (the document client leaves it in wire form). */
const wireItem = (err: unknown): Record<string, unknown> | undefined => {
  const raw = (err as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  return raw ? unmarshall(raw) : undefined;
};

interface InboundUpdate {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeValues: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
}

/**
 * The update expression, values and condition that apply one decision, guarded by the facts it was made on. With
 * `known` (this process wrote the conversation in full before), the identity attributes are left out, on condition
 * that the item has them.
 */
function inboundUpdate(m: InboundForConversation, d: InboundDecision, known: boolean): InboundUpdate {
  const identity = known
    ? { set: d.newest ? ['updatedAt = :now'] : [], values: d.newest ? { ':now': m.at } : {} }
    : conversationIdentity(m.phone, m.customer, m.at, { touch: d.newest });
  const sets = [...identity.set, ...(m.contactName ? ['contactName = :name'] : [])];
  const adds: string[] = [];
  const conditions: string[] = known ? ['attribute_exists(inboxPk)'] : [];
  const values: Record<string, unknown> = { ...identity.values, ':at': m.at, ...(m.contactName ? { ':name': m.contactName } : {}) };
  if (d.newest) {
    sets.push('lastMessage = :preview', 'lastMessageType = :type', 'lastMessageDirection = :dir', 'lastMessageId = :wamid', 'lastMessageAt = :at', 'receivedAt = :at');
    Object.assign(values, { ':preview': m.preview, ':type': m.type, ':dir': 'INBOUND' });
    conditions.push('(attribute_not_exists(lastMessageAt) OR lastMessageAt <= :at)');
  }
  if (d.opensWindow) {
    sets.push('lastInboundAt = :at', 'lastInboundMessageId = :wamid', 'windowExpiresAt = :windowEnd');
    values[':windowEnd'] = new Date(Date.parse(m.at) + CUSTOMER_SERVICE_WINDOW_MS).toISOString();
    // The newest message is also the newest inbound one: its own condition covers this field.
    if (!d.newest) conditions.push('(attribute_not_exists(lastInboundAt) OR lastInboundAt < :at)');
  }
  if (d.newest || d.opensWindow) values[':wamid'] = m.wamid;
  if (d.count) {
    const key = unreadKey(m.wamid);
    values[':keys'] = new Set([key]);
    values[':one'] = 1;
    values[':window'] = UNREAD_WINDOW;
    values[':key'] = key;
    adds.push('unreadCount :one');
    // A window still kept as whole wamids is moved to keys first (convertLegacyWindow): a count never misses it.
    conditions.push(
      '(attribute_not_exists(readUpTo) OR readUpTo < :at)',
      'NOT contains(unreadKeys, :key)',
      'NOT contains(unreadKeysOld, :key)',
      'attribute_not_exists(unreadIds)',
      'attribute_not_exists(unreadIdsOld)',
    );
    if (d.rotate) {
      sets.push('unreadKeysOld = unreadKeys', 'unreadKeys = :keys', 'unreadWindowSince = if_not_exists(unreadGenSince, :epoch)', 'unreadGenSince = :stamp');
      Object.assign(values, { ':epoch': EPOCH, ':stamp': new Date().toISOString() });
      conditions.push('size(unreadKeys) >= :window');
    } else {
      adds.push('unreadKeys :keys');
      conditions.push('(attribute_not_exists(unreadKeys) OR size(unreadKeys) < :window)');
    }
    // A redelivery counts only while the window still covers it (decideInbound): the window must not have moved.
    if (!m.isNew) {
      values[':storedBefore'] = new Date(Date.parse(m.storedAt ?? EPOCH) - CLOCK_SKEW_MS).toISOString();
      conditions.push('(attribute_not_exists(unreadWindowSince) OR unreadWindowSince < :storedBefore)');
    }
  }
  // A known conversation with nothing else to set is written in full: an update needs at least one action.
  if (!sets.length && !adds.length) return inboundUpdate(m, d, false);
  return {
    UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' '),
    ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/**
 * Marks what the business saw as read: the unread messages of `seen` (the conversation as it was read) leave the
 * count and the window, and `readUpTo` keeps their redeliveries from counting again. A message that arrived after
 * `seen` was read stays unread. Undefined when there is no such conversation.
 */
export async function markRead(
  conversationPk: string,
  seen: Record<string, unknown>,
  readUpTo: string,
  db: Table = defaultTable(),
  triesLeft = 5,
): Promise<Record<string, unknown> | undefined> {
  const seenCount = typeof seen.unreadCount === 'number' ? seen.unreadCount : 0;
  const seenKeys = new Set([...idsOf(seen.unreadKeys), ...idsOf(seen.unreadKeysOld)]);
  const seenIds = new Set([...idsOf(seen.unreadIds), ...idsOf(seen.unreadIdsOld)]);
  const sets = ['readUpTo = :upTo', 'lastReadAt = :now', ...(seenCount ? ['unreadCount = unreadCount - :seen'] : [])];
  const deletes = [...(seenKeys.size ? ['unreadKeys :keys, unreadKeysOld :keys'] : []), ...(seenIds.size ? ['unreadIds :ids, unreadIdsOld :ids'] : [])];
  try {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: conversationPk },
        UpdateExpression: `SET ${sets.join(', ')}${deletes.length ? ` DELETE ${deletes.join(', ')}` : ''}`,
        // A message deleted since `seen` was read already left the count: never go below zero.
        ConditionExpression: `attribute_exists(pk)${seenCount ? ' AND unreadCount >= :seen' : ''}`,
        ExpressionAttributeValues: {
          ':upTo': readUpTo,
          ':now': new Date().toISOString(),
          ...(seenCount ? { ':seen': seenCount } : {}),
          ...(seenKeys.size ? { ':keys': seenKeys } : {}),
          ...(seenIds.size ? { ':ids': seenIds } : {}),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return out.Attributes;
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const now = wireItem(err);
    if (now && triesLeft <= 1) throw new ConflictError('the conversation kept changing while it was marked read; try again', { retryable: true }, { cause: err });
    // Gone, or fewer unread than were seen: read what is there now instead.
    return now ? markRead(conversationPk, now, readUpTo, db, triesLeft - 1) : undefined;
  }
}

/**
 * A deleted inbound message leaves the unread count if it was counted there: in the window, or (its id may have left
 * the window) newer than the read point and stored before the window began. True when the count went down.
 */
export async function forgetUnread(
  conversationPk: string,
  message: { wamid: string; at: string; storedAt?: string },
  db: Table = defaultTable(),
): Promise<boolean> {
  const base = {
    TableName: db.name,
    Key: { pk: conversationPk },
    UpdateExpression: 'ADD unreadCount :minusOne DELETE unreadKeys :keys, unreadKeysOld :keys, unreadIds :ids, unreadIdsOld :ids',
  };
  const key = unreadKey(message.wamid);
  const values = { ':minusOne': -1, ':zero': 0, ':keys': new Set([key]), ':ids': new Set([message.wamid]) };
  try {
    await db.client.send(
      new UpdateCommand({
        ...base,
        ConditionExpression:
          'unreadCount > :zero AND (contains(unreadKeys, :key) OR contains(unreadKeysOld, :key) OR contains(unreadIds, :id) OR contains(unreadIdsOld, :id))',
        ExpressionAttributeValues: { ...values, ':key': key, ':id': message.wamid },
      }),
    );
    return true;
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  if (!message.storedAt) return false;
  try {
    await db.client.send(
      new UpdateCommand({
        ...base,
        ConditionExpression:
          'unreadCount > :zero AND unreadWindowSince >= :storedAfter AND (attribute_not_exists(readUpTo) OR readUpTo < :at)',
        ExpressionAttributeValues: {
          ...values,
          ':at': message.at,
          ':storedAfter': new Date(Date.parse(message.storedAt) - CLOCK_SKEW_MS).toISOString(),
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
