import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { groupMessageItem, type GroupMessageInput } from './groups';
import { ItemType, keys } from './keys';
import { applyPendingStatuses } from './message-statuses';

/**
 * Messages sent to a group, and what their delivery statuses need. A group message lives under the seed's
 * GROUP_MSG key, not under `MSG#<EUM id>` where the status path looks, so its send also writes, at `MSG#<EUM id>`, a
 * MESSAGE_ALIAS pointing at it. The status path follows that pointer (shared/table/message-statuses.ts), writes the
 * wamid's alias to the group message with the first `sent`, and from then on treats it as any outbound message:
 * highest status wins, history first-write-wins, early statuses kept as PENDING_STATUS and applied at the store.
 * A 1:1 status never meets a pointer, so it keeps its single request.
 */

/**
 * Stores an outbound group message and its EUM-id pointer together (the status path must never find the pointer
 * without its message), then applies the statuses that arrived first. Store first, then read pending: the status
 * side keeps pending first, then reads; so at least one of the two sees the other.
 */
export async function recordOutboundGroupMessage(m: GroupMessageInput, db: Table = defaultTable()): Promise<void> {
  const item = groupMessageItem(m);
  const pointer = { pk: keys.message(m.messageId), itemType: ItemType.MessageAlias, targetPk: item.pk, groupId: m.groupId };
  try {
    await db.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: db.name, Item: pointer, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (err) {
    // Already stored (a retried store): keep the first copy; its pending statuses are applied below all the same.
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if ((err as Error).name !== 'TransactionCanceledException' || !reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw err;
  }
  await applyPendingStatuses(m.messageId, db);
}

/** A group's membership turns over, but Meta caps a group at 8 participants: far below this bound on the sets. */
const MAX_PARTICIPANTS_RECORDED = 256;

/** Which participants' sets a status joins: a read (or played) voice note was delivered too, even if Meta skips that webhook. */
const PARTICIPANT_SETS: Record<string, string[]> = { delivered: ['deliveredBy'], read: ['deliveredBy', 'readBy'], played: ['deliveredBy', 'readBy', 'playedBy'] };

/**
 * Meta reports delivered/read of a group message per participant (`recipient_participant_id`). Each participant is
 * kept once in a string set per status (ADD is idempotent and order-free, so redeliveries and any order agree);
 * the message's own status is the highest any participant reached (applyStatus). Returns false when the group
 * message is not known yet (the status waits as pending; its participant is then not counted).
 */
export async function recordParticipantStatus(
  s: { wamid: string; eumMessageId?: string; participantId: string; status: string },
  db: Table = defaultTable(),
): Promise<boolean> {
  const sets = PARTICIPANT_SETS[s.status];
  if (!sets) return false;
  const pointerKey = s.eumMessageId ? keys.message(s.eumMessageId) : keys.messageAlias(s.wamid);
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: pointerKey }, ProjectionExpression: 'targetPk' }));
  const target = Item?.targetPk as string | undefined;
  if (!target) return false;
  const names = Object.fromEntries(sets.map((a, i) => [`#s${i}`, a]));
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: target },
        UpdateExpression: `ADD ${sets.map((_, i) => `#s${i} :p`).join(', ')}`,
        // Bounded: the first set holds every participant the others hold.
        ConditionExpression: 'itemType = :t AND (attribute_not_exists(#s0) OR size(#s0) < :max OR contains(#s0, :id))',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':p': new Set([s.participantId]), ':id': s.participantId, ':t': ItemType.GroupMessage, ':max': MAX_PARTICIPANTS_RECORDED },
      }),
    ),
  );
}
