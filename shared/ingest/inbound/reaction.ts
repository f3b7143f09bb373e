import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/clients';
import { getConfig } from '../../config';
import { keys } from '../../table/keys';
import { isConditionFailure } from '../../table/conditional';

export interface ReactionEvent {
  /** Meta's wamid of the message reacted to: ours (outbound, stored under EUM's id) or the customer's own. */
  targetWamid: string;
  /** Absent when the customer removed the reaction. */
  emoji?: string;
  /** The reaction message's own wamid and time: they order reactions to the same message. */
  reactionId: string;
  at: string;
}

export type ReactionOutcome = 'set' | 'removed' | 'no-target';

/**
 * Shows the customer's reaction on the message it targets (`customerReaction`), or removes it. Outbound messages
 * are found through their wamid alias (one GetItem), inbound ones by their key. The single conditional UpdateItem
 * only lets a newer reaction (by time, then id) win, so redelivery and late arrivals leave the newest one in place.
 */
export async function applyReaction(r: ReactionEvent): Promise<ReactionOutcome> {
  const TableName = getConfig().TABLE_NAME;
  const alias = await dynamo().send(new GetCommand({ TableName, Key: { pk: keys.messageAlias(r.targetWamid) } }));
  const pk = (alias.Item?.targetPk as string | undefined) ?? keys.message(r.targetWamid);
  const set = ['customerReactionAt = :at', 'customerReactionId = :rid'];
  const values: Record<string, unknown> = { ':at': r.at, ':rid': r.reactionId };
  if (r.emoji) {
    set.push('customerReaction = :emoji');
    values[':emoji'] = r.emoji;
  }
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName,
        Key: { pk },
        UpdateExpression: `SET ${set.join(', ')}${r.emoji ? '' : ' REMOVE customerReaction'}`,
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(customerReactionAt) OR customerReactionAt < :at OR (customerReactionAt = :at AND customerReactionId <= :rid))',
        ExpressionAttributeValues: values,
      }),
    );
    return r.emoji ? 'set' : 'removed';
  } catch (err) {
    // Target not stored (or a newer reaction is already there): the reaction message itself keeps reactionTo.
    if (isConditionFailure(err)) return 'no-target';
    throw err;
  }
}
