import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { Index, ItemType, keys } from './keys';
import { queryConversationIndex } from './messages';
import { cursorScopes } from './pagination';

/**
 * WhatsApp groups. Meta creates a group asynchronously: create_group leaves a GROUP_REQUEST item, and the
 * group_create webhook (field group_lifecycle_update) creates the GROUP item (`GROUP#{groupId}`) and completes the
 * request. Group webhooks fold into the GROUP item (each event once in `history`, state only moving forward in
 * time) and into one GROUP_PARTICIPANT item per participant.
 */
export interface GroupOwner {
  wabaId: string;
  metaPhoneNumberId: string;
  phoneNumberId?: string;
  phoneArn?: string;
}

export interface GroupRequestInput {
  requestId: string;
  owner: GroupOwner;
  subject: string;
  description?: string;
  joinApprovalMode: string;
}

export async function recordGroupRequest(r: GroupRequestInput, db: Table = defaultTable()): Promise<void> {
  const at = nowIso();
  await conditionalWrite(() =>
    db.client.send(
      new PutCommand({
        TableName: db.name,
        Item: { pk: keys.groupRequest(r.requestId), itemType: ItemType.GroupRequest, requestId: r.requestId, ...r.owner, subject: r.subject, description: r.description, joinApprovalMode: r.joinApprovalMode, status: 'CREATING', createdAt: at },
        // The webhook may have completed it already.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** Requests not yet turned into groups by Meta (CREATING) or refused (FAILED), newest first. */
export async function listGroupRequests(owner: GroupOwner, db: Table = defaultTable()): Promise<Record<string, unknown>[]> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.itemType.name,
      KeyConditionExpression: '#t = :t',
      FilterExpression: 'metaPhoneNumberId = :p AND #s <> :done',
      ExpressionAttributeNames: { '#t': Index.itemType.pk, '#s': 'status' },
      ExpressionAttributeValues: { ':t': ItemType.GroupRequest, ':p': owner.metaPhoneNumberId, ':done': 'CREATED' },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return out.Items ?? [];
}

/**
 * Webhook times are whole seconds, so a join request and its approval often share one: within a second the later
 * step of the lifecycle wins (requested < revoked < joined < removed; active < suspended < deleted).
 */
const PARTICIPANT_RANK = { REQUESTED: 1, REQUEST_REVOKED: 2, JOINED: 3, REMOVED: 4 } as const;
const LIFECYCLE_RANK: Record<string, number> = { ACTIVE: 1, SUSPENDED: 2, FAILED: 3, DELETED: 3 };
const orderOf = (at: string, rank: number) => `${at}|${rank}`;

export interface GroupEvent {
  groupId: string;
  owner: GroupOwner;
  eventId: string;
  at: string;
  type: string;
  value: Record<string, unknown>;
}

/** group_create / group_delete (and their failures), group_suspend / _cleared. */
export async function recordGroupLifecycle(
  e: GroupEvent & { requestId?: string; subject?: string; description?: string; inviteLink?: string; joinApprovalMode?: string; failed?: boolean; status?: string },
  db: Table = defaultTable(),
): Promise<MergeOutcome> {
  const status = e.status ?? (e.failed ? 'FAILED' : e.type === 'group_delete' ? 'DELETED' : 'ACTIVE');
  const outcome = await mergeEvent(
    {
      pk: keys.group(e.groupId),
      eventId: e.eventId,
      historyEntry: { at: e.at, type: e.type, value: e.value },
      set: { itemType: ItemType.Group, groupId: e.groupId, ...e.owner },
      setOnce: { createdAt: e.at, requestId: e.requestId, subject: e.subject, description: e.description, inviteLink: e.inviteLink, joinApprovalMode: e.joinApprovalMode },
      forward: { attr: 'statusOrder', value: orderOf(e.at, LIFECYCLE_RANK[status] ?? 1), set: { status, statusAt: e.at, ...(status === 'DELETED' ? { deletedAt: e.at } : {}) } },
    },
    db,
  );
  if (e.type === 'group_create' && e.requestId) {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.groupRequest(e.requestId) },
        UpdateExpression: 'SET #s = :s, groupId = :g, completedAt = :at, itemType = :t, requestId = :r, createdAt = if_not_exists(createdAt, :at)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': e.failed ? 'FAILED' : 'CREATED', ':g': e.groupId, ':at': e.at, ':t': ItemType.GroupRequest, ':r': e.requestId },
      }),
    );
  }
  return outcome;
}

/** group_settings_update: the fields Meta reports as updated successfully. */
export async function recordGroupSettings(e: GroupEvent & { changes: Record<string, unknown> }, db: Table = defaultTable()): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.group(e.groupId),
      eventId: e.eventId,
      historyEntry: { at: e.at, type: e.type, value: e.value },
      set: { itemType: ItemType.Group, groupId: e.groupId, ...e.owner },
      setOnce: { createdAt: e.at },
      forward: { attr: 'settingsAt', value: e.at, set: e.changes },
    },
    db,
  );
}

/** A participant joined, asked to join, withdrew the request, or was removed / left. */
export async function recordParticipantEvent(
  e: GroupEvent & { waId: string; status: 'JOINED' | 'REMOVED' | 'REQUESTED' | 'REQUEST_REVOKED'; joinRequestId?: string; initiatedBy?: string },
  db: Table = defaultTable(),
): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.groupParticipant(e.groupId, e.waId),
      eventId: e.eventId,
      historyEntry: { at: e.at, type: e.type, status: e.status, value: e.value },
      set: { itemType: ItemType.GroupParticipant, groupId: e.groupId, waId: e.waId, wabaId: e.owner.wabaId },
      setOnce: { createdAt: e.at },
      forward: { attr: 'statusOrder', value: orderOf(e.at, PARTICIPANT_RANK[e.status]), set: { status: e.status, statusAt: e.at, joinRequestId: e.joinRequestId, initiatedBy: e.initiatedBy } },
    },
    db,
  );
}

export async function getGroupItem(groupId: string, db: Table = defaultTable()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.group(groupId) } }));
  return Item;
}

export async function getParticipantItem(groupId: string, waId: string, db: Table = defaultTable()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.groupParticipant(groupId, waId) } }));
  return Item;
}

/** What an action changed through Graph (subject, description, photo, invite link), before any webhook says so. */
export async function updateGroupFields(groupId: string, owner: GroupOwner, fields: Record<string, unknown>, db: Table = defaultTable()): Promise<void> {
  const entries = Object.entries({ ...fields, updatedAt: nowIso() }).filter(([, v]) => v !== undefined);
  const names = Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k]));
  const values = Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v]));
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.group(groupId) },
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}, itemType = :t, groupId = :g, wabaId = :w, metaPhoneNumberId = :m, createdAt = if_not_exists(createdAt, :now)`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':t': ItemType.Group, ':g': groupId, ':w': owner.wabaId, ':m': owner.metaPhoneNumberId, ':now': nowIso() },
    }),
  );
}

export interface GroupMessageInput {
  groupId: string;
  /** wamid (inbound) or EUM's message id (outbound). */
  messageId: string;
  direction: 'INBOUND' | 'OUTBOUND';
  receivedAt: string;
  from: string;
  type: string;
  preview: string;
  text?: string;
  payload: unknown;
  owner: GroupOwner;
  contactName?: string;
}

/** The GROUP_MSG item of one message (the seed's key and attributes). */
export function groupMessageItem(m: GroupMessageInput): Record<string, unknown> {
  const ts = String(Math.floor(Date.parse(m.receivedAt) / 1000));
  return {
    pk: keys.groupMessage(m.groupId, ts, m.messageId),
    itemType: ItemType.GroupMessage,
    conversationPk: keys.group(m.groupId),
    groupId: m.groupId,
    messageId: m.messageId,
    direction: m.direction,
    receivedAt: m.receivedAt,
    createdAt: nowIso(),
    sender: m.from,
    type: m.type,
    preview: m.preview,
    text: m.text,
    payload: m.payload,
    contactName: m.contactName,
    ...m.owner,
  };
}

/** One GROUP_MSG item per inbound message; a redelivered message leaves the first copy untouched. */
export async function recordGroupMessage(m: GroupMessageInput, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(new PutCommand({ TableName: db.name, Item: groupMessageItem(m), ConditionExpression: 'attribute_not_exists(pk)' })),
  );
}

/** A group's messages (both directions), newest first. */
export function listGroupMessages(groupId: string, limit: number, cursor?: string, db: Table = defaultTable()) {
  return queryConversationIndex(keys.group(groupId), cursorScopes.groupMessages(groupId), limit, cursor, db);
}
