import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Index, ItemType, keys } from './keys';
import { cursorScopes, decodeCursor, encodeCursor } from './pagination';

/**
 * CALL items (`CALL#{callId}`): every webhook event of one WhatsApp call, each kept once in `history`, and the
 * call's status, which only moves forward (RINGING < ACCEPTED < REJECTED < the terminate's COMPLETED/FAILED)
 * whatever order SNS delivers the events in.
 */
const RANK: Record<string, number> = { CONNECTING: 0, RINGING: 1, ACCEPTED: 2, REJECTED: 3, COMPLETED: 4, FAILED: 4 };
const rankOf = (status: string) => RANK[status] ?? 1;

/** Which business number and WABA a call belongs to (the number is unknown when the envelope names none). */
export interface CallOwner {
  wabaId: string;
  phoneArn?: string;
  phoneNumberId?: string;
}

interface CallEventBase {
  callId: string;
  owner: CallOwner;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  at: string;
  /** Meta's event as received (without the SDP), kept in the history. */
  value: Record<string, unknown>;
  bizOpaqueCallbackData?: string;
}

/** A `calls[]` event: the call connecting, or terminating with its final status and times. */
export interface CallEvent extends CallEventBase {
  event?: string;
  direction?: string;
  from?: string;
  to?: string;
  customer?: string;
  terminate?: { status: string; startTime?: string; endTime?: string; durationSeconds?: number };
}

/** A `statuses[]` event of a call the business placed: RINGING, ACCEPTED, REJECTED… */
export interface CallStatusEvent extends CallEventBase {
  status: string;
  recipient?: string;
}

const identity = (callId: string, owner: CallOwner) => ({
  itemType: ItemType.Call,
  wabaId: owner.wabaId,
  ...(owner.phoneArn ? { phoneArn: owner.phoneArn, phoneNumberId: owner.phoneNumberId } : {}),
  callId,
});

export async function recordCallEvent(call: CallEvent, db: Table = defaultTable()): Promise<MergeOutcome> {
  const t = call.terminate;
  const status = t ? t.status : 'CONNECTING';
  return mergeEvent(
    {
      pk: keys.call(call.callId),
      eventId: call.eventId,
      historyEntry: { at: call.at, kind: 'call', event: call.event, ...(t ? { status } : {}), value: call.value },
      set: {
        ...identity(call.callId, call.owner),
        ...(t ? { endedAt: call.at, startTime: t.startTime, endTime: t.endTime, durationSeconds: t.durationSeconds, terminateStatus: status } : {}),
      },
      // `from` without `receivedAt` keeps calls out of gsi-from, which lists messages.
      setOnce: {
        createdAt: nowIso(),
        direction: call.direction,
        from: call.from,
        to: call.to,
        customer: call.customer,
        bizOpaqueCallbackData: call.bizOpaqueCallbackData,
        ...(t ? {} : { connectedAt: call.at }),
      },
      forward: { attr: 'statusRank', value: rankOf(status), set: { status, statusAt: call.at } },
    },
    db,
  );
}

export async function recordCallStatus(s: CallStatusEvent, db: Table = defaultTable()): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.call(s.callId),
      eventId: s.eventId,
      historyEntry: { at: s.at, kind: 'status', status: s.status, value: s.value },
      set: identity(s.callId, s.owner),
      setOnce: {
        createdAt: nowIso(),
        // Meta sends call statuses only for calls the business placed.
        direction: 'BUSINESS_INITIATED',
        customer: s.recipient,
        to: s.recipient,
        bizOpaqueCallbackData: s.bizOpaqueCallbackData,
        [`${s.status.toLowerCase()}At`]: s.at,
      },
      forward: { attr: 'statusRank', value: rankOf(s.status), set: { status: s.status, statusAt: s.at } },
    },
    db,
  );
}

/** What our own actions did to a call (initiate_call, update_call_status): kept in the same history, once each. */
export interface CallAction {
  callId: string;
  owner: CallOwner;
  /** connect, pre_accept, accept, reject, terminate. */
  action: string;
  at: string;
  /** Unique per request (our request id), so a retried request is recorded once. */
  eventId: string;
  customer?: string;
  bizOpaqueCallbackData?: string;
}

/** Status an action implies before Meta's webhook confirms it (the webhook's later events still move it on). */
const ACTION_STATUS: Record<string, string> = { connect: 'CONNECTING', accept: 'ACCEPTED', reject: 'REJECTED' };

export async function recordCallAction(a: CallAction, db: Table = defaultTable()): Promise<MergeOutcome> {
  const status = ACTION_STATUS[a.action];
  return mergeEvent(
    {
      pk: keys.call(a.callId),
      eventId: a.eventId,
      historyEntry: { at: a.at, kind: 'action', action: a.action },
      set: { ...identity(a.callId, a.owner), lastAction: a.action, lastActionAt: a.at },
      setOnce: {
        createdAt: nowIso(),
        ...(a.action === 'connect'
          ? { direction: 'BUSINESS_INITIATED', customer: a.customer, to: a.customer, startedBy: 'initiate_call', bizOpaqueCallbackData: a.bizOpaqueCallbackData }
          : {}),
      },
      ...(status ? { forward: { attr: 'statusRank', value: rankOf(status), set: { status, statusAt: a.at } } } : {}),
    },
    db,
  );
}

export async function getCallItem(callId: string, db: Table = defaultTable()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.call(callId) } }));
  return Item;
}

/** Every call, newest first (gsi-itemType, partition CALL: fine for call volumes, not for messages). */
export async function listCalls(limit: number, cursor?: string, db: Table = defaultTable()) {
  const scope = cursorScopes.calls();
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.itemType.name,
      KeyConditionExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': Index.itemType.pk },
      ExpressionAttributeValues: { ':t': ItemType.Call },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return { items: out.Items ?? [], nextCursor: encodeCursor(scope, out.LastEvaluatedKey) };
}
