import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { ItemType, keys } from './keys';

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
