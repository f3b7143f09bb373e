import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite, isConditionFailure } from './conditional';
import { Index, ItemType, keys, partitions } from './keys';
import { decodeCursor, encodeCursor, type CursorScope } from './pagination';

/**
 * FLOW_RESPONSE items (`FLOW_RESPONSE#{wamid}`): a customer's answers to a WhatsApp Flow, from the `nfm_reply`
 * ingest received, and whether the business has handled them (flow_completion). Listed three ways, newest first:
 * per Flow (gsi-conversation, partition `FLOW#{flowId}`), per customer of one business number (gsi-inbox, partition
 * `FLOW_RESPONSES#{phoneArn}#{customer}`), or all of them (gsi-itemType: an admin read on one partition, not a
 * high-volume path). The item has no `from` or `direction`, so it never lists among messages.
 */
export interface FlowResponse {
  /** The nfm_reply's wamid. */
  wamid: string;
  receivedAt: string;
  customer: string;
  contactName?: string;
  phoneArn: string;
  phoneNumberId?: string;
  wabaId?: string;
  conversationId: string;
  /** The Flow, when the message it answers is ours and names it (flow_id of send_flow, or a template's FLOW button). */
  flowId?: string;
  flowName?: string;
  flowToken?: string;
  /** response_json, parsed (flow_token taken out); when it was not JSON, `responseRaw` and `responseError` instead. */
  response?: Record<string, unknown>;
  responseRaw?: string;
  responseError?: string;
  /** The wamid of the Flow message answered (the reply's context), and our id of that message when we have it. */
  replyTo?: string;
  flowMessageId?: string;
}

export interface FlowResponseItem extends FlowResponse {
  pk: string;
  itemType: typeof ItemType.FlowResponse;
  createdAt: string;
  handledAt?: string;
  handledNote?: string;
}

/**
 * The per-Flow partition of an answer; an answer to a message not found yet (its `sent` status had not come) goes on
 * the unplaced partition instead, where per-Flow reads find it cheaply (answers are rarely there) and place it.
 */
function conversationPkOf(r: FlowResponse): { conversationPk?: string } {
  if (r.flowId) return { conversationPk: partitions.flowResponsesOfFlow(r.flowId) };
  return !r.flowMessageId && r.replyTo ? { conversationPk: partitions.flowResponsesUnplaced } : {};
}

/** Stores the answers once: a redelivery neither duplicates them nor undoes flow_completion. False if already stored. */
export async function recordFlowResponse(r: FlowResponse, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new PutCommand({
        TableName: db.name,
        Item: {
          ...r,
          pk: keys.flowResponse(r.wamid),
          itemType: ItemType.FlowResponse,
          createdAt: nowIso(),
          inboxPk: partitions.flowResponsesOfCustomer(r.phoneArn, r.customer),
          ...conversationPkOf(r),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

export interface FlowResponseQuery {
  /** The customer of one business number: their answers, whatever the Flow. */
  customerOf?: { phoneArn: string; customer: string };
  flowId?: string;
  flowToken?: string;
  unhandledOnly?: boolean;
}

const itemPrefix = keys.flowResponse('');

/** The index and partition a query reads (the other criteria become filters); its cursors are bound to them. */
function scopeOf(q: FlowResponseQuery): CursorScope & { index: { name: string } } {
  const list = 'get_flow_responses';
  if (q.customerOf) return { list, partition: partitions.flowResponsesOfCustomer(q.customerOf.phoneArn, q.customerOf.customer), index: Index.inbox, itemPrefix };
  if (q.flowId) return { list, partition: partitions.flowResponsesOfFlow(q.flowId), index: Index.conversation, itemPrefix };
  return { list, partition: ItemType.FlowResponse, index: Index.itemType, itemPrefix };
}

function filterOf(q: FlowResponseQuery): { expression?: string; values: Record<string, unknown> } {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (q.customerOf && q.flowId) {
    parts.push('flowId = :flowId');
    values[':flowId'] = q.flowId;
  }
  if (q.flowToken) {
    parts.push('flowToken = :flowToken');
    values[':flowToken'] = q.flowToken;
  }
  if (q.unhandledOnly) parts.push('attribute_not_exists(handledAt)');
  return { expression: parts.length ? parts.join(' AND ') : undefined, values };
}

/**
 * A page of answers, newest first. With filters (a Flow within a customer's answers, a flow_token, unhandled only)
 * DynamoDB reads `limit` items and returns those that match, so a page may be short or empty while nextCursor says
 * there is more.
 */
export async function listFlowResponses(
  q: FlowResponseQuery,
  limit: number,
  cursor?: string,
  db: Table = defaultTable(),
): Promise<{ items: FlowResponseItem[]; nextCursor?: string }> {
  const scope = scopeOf(q);
  const filter = filterOf(q);
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: scope.index.name,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: filter.expression,
      ExpressionAttributeNames: { '#pk': scope.index.pk },
      ExpressionAttributeValues: { ':pk': scope.partition, ...filter.values },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return { items: (out.Items ?? []) as FlowResponseItem[], nextCursor: encodeCursor(scope, out.LastEvaluatedKey) };
}

/**
 * Names the Flow of an answer stored before its Flow message could be found (the reply came before that message's
 * wamid was known here): from then on it lists under its Flow too. Only an answer without one is changed; returns
 * the item as it is now, or undefined when it was placed meanwhile or is gone.
 */
export async function placeFlowResponse(
  wamid: string,
  flow: { flowId?: string; flowName?: string; flowMessageId: string },
  db: Table = defaultTable(),
): Promise<FlowResponseItem | undefined> {
  const set = ['flowMessageId = :mid'];
  const values: Record<string, unknown> = { ':mid': flow.flowMessageId };
  let remove = ' REMOVE conversationPk'; // off the unplaced partition: its message is found, and names no Flow
  if (flow.flowId) {
    set.push('flowId = :flowId', 'conversationPk = :byFlow');
    Object.assign(values, { ':flowId': flow.flowId, ':byFlow': partitions.flowResponsesOfFlow(flow.flowId) });
    remove = '';
  }
  if (flow.flowName) {
    set.push('flowName = :flowName');
    values[':flowName'] = flow.flowName;
  }
  try {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.flowResponse(wamid) },
        UpdateExpression: `SET ${set.join(', ')}${remove}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(flowMessageId)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as FlowResponseItem | undefined;
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/**
 * Marks an answer handled (flow_completion). Marking again keeps the first time and replaces the note only when a
 * new one is given. Undefined when no answer has this wamid.
 */
export async function markFlowResponseHandled(wamid: string, at: string, note: string | undefined, db: Table = defaultTable()): Promise<FlowResponseItem | undefined> {
  try {
    const out = await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.flowResponse(wamid) },
        UpdateExpression: `SET handledAt = if_not_exists(handledAt, :at)${note !== undefined ? ', handledNote = :note' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ...(note !== undefined ? { ':note': note } : {}) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as FlowResponseItem | undefined;
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/**
 * One page of the answers still waiting for their Flow message (the unplaced partition), newest first, received at
 * or after `since`. `startKey`/`lastKey` page on; they are internal (a caller never sees them).
 */
export async function listUnplacedFlowResponses(
  since: string,
  limit: number,
  startKey?: Record<string, unknown>,
  db: Table = defaultTable(),
): Promise<{ items: FlowResponseItem[]; lastKey?: Record<string, unknown> }> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.conversation.name,
      KeyConditionExpression: '#pk = :pk AND #sk >= :since',
      ExpressionAttributeNames: { '#pk': Index.conversation.pk, '#sk': Index.conversation.sk },
      ExpressionAttributeValues: { ':pk': partitions.flowResponsesUnplaced, ':since': since },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (out.Items ?? []) as FlowResponseItem[], lastKey: out.LastEvaluatedKey };
}
