import * as z from 'zod';
import { ItemType, keys } from '../../table/keys';
import { isoFromUnixSeconds, nowIso } from '../../time';
import { countEffect, phoneFromContext, type IngestContext } from '../context';
import { mergeEvent } from '../merge';
import { digestOf, storeWebhookEvent } from '../webhook-event';

/**
 * The `calls` field (WhatsApp Calling API): `calls[]` connect/terminate events and `statuses[]` RINGING /
 * ACCEPTED / REJECTED of business-initiated calls. All events of one call merge into its CALL item
 * (`CALL#{callId}`), each once; the status only moves forward (RINGING < ACCEPTED < REJECTED < the terminate's
 * COMPLETED/FAILED) whatever order SNS delivers them in.
 */
const str = z.string().optional();
const time = z.union([z.string(), z.number()]).optional();
const CallEvent = z.looseObject({
  id: z.string(),
  event: str,
  from: str,
  to: str,
  from_user_id: str,
  to_user_id: str,
  direction: str,
  timestamp: time,
  status: z.union([z.string(), z.array(z.string())]).optional(),
  start_time: time,
  end_time: time,
  duration: z.union([z.number(), z.string()]).optional(),
  biz_opaque_callback_data: str,
});
const CallStatus = z.looseObject({
  id: z.string(),
  type: str,
  status: z.string(),
  timestamp: time,
  recipient_id: str,
  recipient_user_id: str,
  biz_opaque_callback_data: str,
});
const CallsValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: str, display_phone_number: str }).optional(),
  calls: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

const RANK: Record<string, number> = { CONNECTING: 0, RINGING: 1, ACCEPTED: 2, REJECTED: 3, COMPLETED: 4, FAILED: 4 };
const rankOf = (status: string) => RANK[status] ?? 1;

/** The SDP offer/answer is large, changes nothing we keep, and would bloat the history: left out. */
function withoutSdp(e: Record<string, unknown>): Record<string, unknown> {
  const { session, connection, ...rest } = e;
  const sdpType = (session as { sdp_type?: unknown } | undefined)?.sdp_type;
  return sdpType !== undefined ? { ...rest, sdpType } : rest;
}

const upper = (s: string | string[] | undefined) => (Array.isArray(s) ? s[0] : s)?.toUpperCase();

export async function handleCalls(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const v = CallsValue.safeParse(value);
  if (!v.success || (!v.data.calls?.length && !v.data.statuses?.length)) {
    await storeWebhookEvent(ctx, { field, value, summary: `${field}: no calls or statuses, stored raw` });
    countEffect(ctx, 'webhookEvent');
    return;
  }
  const phone = phoneFromContext(ctx.env, v.data.metadata?.phone_number_id, v.data.metadata?.display_phone_number);
  const identity = {
    itemType: ItemType.Call,
    wabaId: phone?.wabaId ?? ctx.entry.id,
    ...(phone ? { phoneArn: phone.arn, phoneNumberId: phone.phoneNumberId } : {}),
  };

  for (const raw of v.data.calls ?? []) {
    const parsed = CallEvent.safeParse(raw);
    if (!parsed.success) {
      await storeWebhookEvent(ctx, { field, value: raw, summary: 'call event without an id, stored raw' });
      continue;
    }
    const c = parsed.data;
    const at = isoFromUnixSeconds(c.timestamp, new Date(ctx.eventAt));
    const userInitiated = c.direction === 'USER_INITIATED';
    const customer = userInitiated ? (c.from ?? c.from_user_id) : (c.to ?? c.to_user_id);
    const terminated = c.event === 'terminate';
    const status = terminated ? (upper(c.status) ?? 'COMPLETED') : 'CONNECTING';
    const entry = withoutSdp(raw as Record<string, unknown>);
    const outcome = await mergeEvent({
      pk: keys.call(c.id),
      eventId: digestOf(field, entry),
      historyEntry: { at, kind: 'call', event: c.event, ...(terminated ? { status } : {}), value: entry },
      set: {
        ...identity,
        callId: c.id,
        ...(terminated
          ? {
              endedAt: at,
              startTime: c.start_time !== undefined ? isoFromUnixSeconds(c.start_time) : undefined,
              endTime: c.end_time !== undefined ? isoFromUnixSeconds(c.end_time) : undefined,
              durationSeconds: c.duration !== undefined ? Number(c.duration) : undefined,
              terminateStatus: status,
            }
          : {}),
      },
      // `from` without `receivedAt` keeps calls out of gsi-from, which lists messages.
      setOnce: {
        createdAt: nowIso(),
        direction: c.direction,
        from: c.from ?? c.from_user_id,
        to: c.to ?? c.to_user_id,
        customer,
        bizOpaqueCallbackData: c.biz_opaque_callback_data,
        ...(terminated ? {} : { connectedAt: at }),
      },
      forward: { attr: 'statusRank', value: rankOf(status), set: { status, statusAt: at } },
    });
    countEffect(ctx, `call:${outcome}`);
  }

  for (const raw of v.data.statuses ?? []) {
    const parsed = CallStatus.safeParse(raw);
    if (!parsed.success) {
      await storeWebhookEvent(ctx, { field, value: raw, summary: 'call status without an id, stored raw' });
      continue;
    }
    const s = parsed.data;
    const status = s.status.toUpperCase();
    const at = isoFromUnixSeconds(s.timestamp, new Date(ctx.eventAt));
    const outcome = await mergeEvent({
      pk: keys.call(s.id),
      eventId: digestOf(field, raw),
      historyEntry: { at, kind: 'status', status, value: raw },
      set: { ...identity, callId: s.id },
      setOnce: {
        createdAt: nowIso(),
        // Meta sends call statuses only for calls the business placed.
        direction: 'BUSINESS_INITIATED',
        customer: s.recipient_id ?? s.recipient_user_id,
        to: s.recipient_id ?? s.recipient_user_id,
        bizOpaqueCallbackData: s.biz_opaque_callback_data,
        [`${status.toLowerCase()}At`]: at,
      },
      forward: { attr: 'statusRank', value: rankOf(status), set: { status, statusAt: at } },
    });
    countEffect(ctx, `call:${outcome}`);
  }
  if (v.data.errors?.length) {
    await storeWebhookEvent(ctx, { field, value: { errors: v.data.errors }, summary: `calls errors: ${JSON.stringify(v.data.errors).slice(0, 150)}` });
  }
}
