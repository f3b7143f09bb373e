import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { Direction, ItemType, keys } from './keys';
import { statusRank, statusTimeAttribute } from './status-rank';

/**
 * Delivery statuses of outbound MESSAGE items, and the two items that serve them: MESSAGE_ALIAS (`WAMID#…`, Meta's
 * wamid → the item stored under EUM's id) and PENDING_STATUS (a status that arrived before its message).
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

/** Where a status belongs: the send's EUM id if known, else the wamid's alias, else a message stored under the wamid. */
async function targetOf(s: StatusEvent, db: Table): Promise<string> {
  if (s.eumMessageId) return keys.message(s.eumMessageId);
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(s.wamid) } }));
  return (Item?.targetPk as string | undefined) ?? keys.message(s.wamid);
}

/**
 * The parts of a status every arrival records, whatever its order: when each status was first seen, the wamid,
 * Meta's pricing and errors. All first-write-wins, so any order of arrival leaves the same item.
 */
function historyUpdate(s: StatusEvent) {
  const sets = ['#timeAttr = if_not_exists(#timeAttr, :at)', 'waMessageId = if_not_exists(waMessageId, :wamid)'];
  const values: Record<string, unknown> = { ':at': s.at, ':wamid': s.wamid };
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
  return { sets, values, names: { '#timeAttr': statusTimeAttribute(s.status) } };
}

/**
 * Applies a delivery status. In order, it is one request: a transaction of the rank-conditional update (status only
 * moves forward) and the wamid alias. Out of order or repeated, the condition fails and a second, unconditional
 * update records only the history. A status for a message not stored yet is kept and applied later.
 */
export async function applyStatus(s: StatusEvent, db: Table = defaultTable()): Promise<StatusOutcome> {
  const pk = await targetOf(s, db);
  const history = historyUpdate(s);
  const rankable = statusRank(s.status) > 0;
  if (rankable) {
    try {
      await db.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: db.name,
                Key: { pk },
                UpdateExpression: `SET ${['#status = :status', 'statusRank = :rank', 'statusUpdatedAt = :at', ...history.sets].join(', ')}`,
                ConditionExpression: 'attribute_exists(pk) AND direction = :outbound AND (attribute_not_exists(statusRank) OR statusRank < :rank)',
                ExpressionAttributeNames: { '#status': 'status', ...history.names },
                ExpressionAttributeValues: { ...history.values, ':status': s.status, ':rank': statusRank(s.status), ':outbound': Direction.Outbound },
              },
            },
            ...(pk === keys.message(s.wamid)
              ? []
              : [{ Put: { TableName: db.name, Item: { pk: keys.messageAlias(s.wamid), itemType: ItemType.MessageAlias, targetPk: pk } } }]),
          ],
        }),
      );
      return 'applied';
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!((err as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed')) throw err;
    }
  }
  // Lower, repeated or unranked (warning): keep its history, never lower the status.
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk },
        UpdateExpression: `SET ${history.sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND direction = :outbound',
        ExpressionAttributeNames: history.names,
        ExpressionAttributeValues: { ...history.values, ':outbound': Direction.Outbound },
      }),
    );
    return 'stale';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  // The seed keyed its outbound messages by wamid: one migrated from it (npm run migrate) has no item under EUM's id,
  // so its statuses after the switch apply to the item under the wamid. Only this rare path pays the extra read.
  if (s.eumMessageId && (await isStoredUnderWamid(s.wamid, db))) return applyStatus({ ...s, eumMessageId: undefined }, db);
  await keepPending(s, db);
  return 'pending';
}

async function isStoredUnderWamid(wamid: string, db: Table): Promise<boolean> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.name, Key: { pk: keys.message(wamid) }, ProjectionExpression: '#d', ExpressionAttributeNames: { '#d': 'direction' }, ConsistentRead: true }),
  );
  return Item?.direction === Direction.Outbound;
}

const pendingKey = (s: Pick<StatusEvent, 'eumMessageId' | 'wamid'>) => keys.pendingStatus(s.eumMessageId ?? s.wamid);

/** Keeps a status whose message is not stored yet; then looks again, since the send may have landed meanwhile. */
async function keepPending(s: StatusEvent, db: Table): Promise<void> {
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: pendingKey(s) },
      UpdateExpression: 'SET itemType = :type, createdAt = if_not_exists(createdAt, :now), #s = :event',
      ExpressionAttributeNames: { '#s': `status_${s.status}` },
      ExpressionAttributeValues: { ':type': ItemType.PendingStatus, ':now': nowIso(), ':event': s },
    }),
  );
  if (s.eumMessageId) {
    const { Item } = await db.client.send(
      new GetCommand({ TableName: db.name, Key: { pk: keys.message(s.eumMessageId) }, ConsistentRead: true }),
    );
    if (Item) await applyPendingStatuses(s.eumMessageId, db);
  }
}

/** Applies (idempotently) and removes the statuses that arrived before the message with this EUM id was stored. */
export async function applyPendingStatuses(eumMessageId: string, db: Table = defaultTable()): Promise<number> {
  const pk = keys.pendingStatus(eumMessageId);
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk }, ConsistentRead: true }));
  if (!Item) return 0;
  const events = Object.entries(Item)
    .filter(([k]) => k.startsWith('status_'))
    .map(([, v]) => v as StatusEvent)
    .sort((a, b) => statusRank(a.status) - statusRank(b.status));
  for (const e of events) {
    const outcome = await applyStatus({ ...e, eumMessageId }, db);
    if (outcome === 'pending') return 0; // message vanished again; leave the item for the next attempt
  }
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk } }));
  return events.length;
}
