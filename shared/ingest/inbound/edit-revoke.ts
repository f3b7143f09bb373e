import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/clients';
import { getConfig } from '../../config';
import { Direction, ItemType, keys } from '../../table/keys';
import type { PhoneRef } from '../../table/messages';
import { nowIso } from '../../time';
import { describeInbound } from './summary';
import { isConditionFailure } from '../../table/conditional';

/**
 * A customer edits (within 15 minutes) or deletes (within 2 days) a message they sent. Meta reports it as a new
 * message of type `edit` / `revoke` naming the original; here it changes the original's item instead.
 */

export interface EditEvent {
  originalWamid: string;
  /** The edit's own wamid and time: they order several edits of one message. */
  editId: string;
  at: string;
  /** The message as edited: `{type, text: {...}}`, `{type: 'image', image: {caption, ...}}`, … */
  message: { type: string } & Record<string, unknown>;
}

export type EditOutcome = 'applied' | 'stale' | 'missing';

/**
 * Puts the edited text/caption and preview on the original (`edited`, `editedAt`, `editedMessage`; the first
 * preview stays in `originalPreview`, the original payload is untouched). Conditional on the original existing and
 * this edit being newer than the last one applied, so redelivery changes nothing. 'missing' tells the caller the
 * original is not stored, and to store the edit as a message of its own.
 */
export async function applyEdit(e: EditEvent): Promise<EditOutcome> {
  const d = describeInbound(e.message);
  // Placeholders for every name: TEXT and others are DynamoDB reserved words.
  const attrs: Record<string, unknown> = {
    preview: d.preview,
    edited: true,
    editedAt: e.at,
    lastEditId: e.editId,
    editedMessage: e.message,
    text: d.attributes.text,
    caption: d.attributes.caption,
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
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
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
    return (err as { Item?: unknown }).Item ? 'stale' : 'missing';
  }
  // The conversation's lastMessage is left as it was: recordInbound re-applies the original's preview whenever the
  // original is redelivered, so changing it here would not stick.
  return 'applied';
}

export interface RevokeEvent {
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
export async function applyRevoke(e: RevokeEvent): Promise<RevokeOutcome> {
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
  const out = await dynamo().send(
    new UpdateCommand({
      TableName: getConfig().TABLE_NAME,
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
