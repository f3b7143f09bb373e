import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure, oldItemOf } from './conditional';
import { Direction, ItemType, keys } from './keys';
import type { PhoneRef } from './messages';

/**
 * Changes to a stored MESSAGE item after the fact: a customer's edit, revoke or reaction. Every write is
 * conditional on ordering (newest wins), so redelivery and late arrivals leave the same item.
 */

export interface MessageEdit {
  originalWamid: string;
  /** The edit's own wamid and time: they order several edits of one message. */
  editId: string;
  at: string;
  /** The message as edited: `{type, text: {...}}`, `{type: 'image', image: {caption, ...}}`, … */
  message: { type: string } & Record<string, unknown>;
  /** The edited message's preview, text and caption, as ingest describes them. */
  preview: string;
  text?: unknown;
  caption?: unknown;
}

export type EditOutcome = 'applied' | 'stale' | 'missing';

/**
 * Puts the edited text/caption and preview on the original (`edited`, `editedAt`, `editedMessage`; the first
 * preview stays in `originalPreview`, the original payload is untouched). Conditional on the original existing and
 * this edit being newer than the last one applied, so redelivery changes nothing. 'missing': the original is not
 * stored.
 */
export async function applyEdit(e: MessageEdit, db: Table = defaultTable()): Promise<EditOutcome> {
  // Placeholders for every name: TEXT and others are DynamoDB reserved words.
  const attrs: Record<string, unknown> = {
    preview: e.preview,
    edited: true,
    editedAt: e.at,
    lastEditId: e.editId,
    editedMessage: e.message,
    text: e.text,
    caption: e.caption,
  };
  const names: Record<string, string> = { '#orig': 'originalPreview', '#preview': 'preview', '#dir': 'direction', '#at': 'editedAt', '#id': 'lastEditId' };
  const values: Record<string, unknown> = { ':in': Direction.Inbound, ':at': e.at, ':id': e.editId };
  const set = ['#orig = if_not_exists(#orig, #preview)'];
  for (const [attr, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    set.push(`#${attr} = :${attr}`);
  }
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.message(e.originalWamid) },
        UpdateExpression: `SET ${set.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #dir = :in AND (attribute_not_exists(#at) OR #at < :at OR (#at = :at AND #id < :id))',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return oldItemOf(err) ? 'stale' : 'missing';
  }
  return 'applied';
}

export interface MessageRevoke {
  originalWamid: string;
  revokeId: string;
  at: string;
  phone: PhoneRef;
  customer: string;
  conversationPk: string;
}

export type RevokeOutcome = 'applied' | 'placeholder';

/**
 * Marks the original `revoked` (first `revokedAt` kept; the item and its content stay). If the original is not
 * stored yet (SNS does not keep order), the same single upsert leaves a placeholder under its key, so when the
 * original arrives recordInbound sees it as already stored and a deleted message never shows up as new.
 */
export async function applyRevoke(e: MessageRevoke, db: Table = defaultTable()): Promise<RevokeOutcome> {
  const once: Record<string, unknown> = {
    itemType: ItemType.Message,
    direction: Direction.Inbound,
    messageId: e.originalWamid,
    waMessageId: e.originalWamid,
    conversationPk: e.conversationPk,
    phoneArn: e.phone.arn,
    phoneNumberId: e.phone.phoneNumberId,
    metaPhoneNumberId: e.phone.metaPhoneNumberId,
    wabaId: e.phone.wabaId,
    from: e.customer,
    type: 'revoke',
    preview: '[deleted message]',
    status: 'received',
    receivedAt: e.at,
    createdAt: nowIso(),
    revokedAt: e.at,
    revokeId: e.revokeId,
  };
  const names: Record<string, string> = { '#revoked': 'revoked', '#dir': 'direction' };
  const values: Record<string, unknown> = { ':true': true, ':in': Direction.Inbound };
  const set = ['#revoked = :true'];
  Object.entries(once).forEach(([attr, value], i) => {
    if (value === undefined) return;
    names[`#a${i}`] = attr;
    values[`:a${i}`] = value;
    set.push(`#a${i} = if_not_exists(#a${i}, :a${i})`);
  });
  const out = await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.message(e.originalWamid) },
      UpdateExpression: `SET ${set.join(', ')}`,
      ConditionExpression: 'attribute_not_exists(pk) OR #dir = :in',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  return out.Attributes?.itemType ? 'applied' : 'placeholder';
}

export interface MessageReaction {
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
export async function applyReaction(r: MessageReaction, db: Table = defaultTable()): Promise<ReactionOutcome> {
  const alias = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.messageAlias(r.targetWamid) } }));
  const pk = (alias.Item?.targetPk as string | undefined) ?? keys.message(r.targetWamid);
  const set = ['customerReactionAt = :at', 'customerReactionId = :rid'];
  const values: Record<string, unknown> = { ':at': r.at, ':rid': r.reactionId };
  if (r.emoji) {
    set.push('customerReaction = :emoji');
    values[':emoji'] = r.emoji;
  }
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
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
