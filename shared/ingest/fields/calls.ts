import * as z from '../../zod';
import { recordCallEvent, recordCallStatus, type CallOwner } from '../../table/calls';
import { digestOf } from '../../table/digest';
import { isoFromUnixSeconds } from '../../time';
import { countEffect, phoneFromContext, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

/**
 * The `calls` field (WhatsApp Calling API): `calls[]` connect/terminate events and `statuses[]` RINGING /
 * ACCEPTED / REJECTED of business-initiated calls. All events of one call merge into its CALL item (table/calls.ts),
 * each once, the status only moving forward whatever order SNS delivers them in.
 */
const str = z.lazy(() => z.optional(z.string()));
const time = z.lazy(() => z.optional(z.union([z.string(), z.number()])));
const CallEvent = z.lazy(() => z.looseObject({
  id: z.string(),
  event: str,
  from: str,
  to: str,
  from_user_id: str,
  to_user_id: str,
  direction: str,
  timestamp: time,
  status: z.optional(z.union([z.string(), z.array(z.string())])),
  start_time: time,
  end_time: time,
  duration: z.optional(z.union([z.number(), z.string()])),
  biz_opaque_callback_data: str,
}));
const CallStatus = z.lazy(() => z.looseObject({
  id: z.string(),
  type: str,
  status: z.string(),
  timestamp: time,
  recipient_id: str,
  recipient_user_id: str,
  biz_opaque_callback_data: str,
}));
const CallsValue = z.lazy(() => z.looseObject({
  metadata: z.optional(z.looseObject({ phone_number_id: str, display_phone_number: str })),
  calls: z.optional(z.array(z.unknown())),
  statuses: z.optional(z.array(z.unknown())),
  errors: z.optional(z.array(z.unknown())),
}));

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
  const owner: CallOwner = { wabaId: phone?.wabaId ?? ctx.entry.id, ...(phone ? { phoneArn: phone.arn, phoneNumberId: phone.phoneNumberId } : {}) };

  for (const raw of v.data.calls ?? []) {
    const parsed = CallEvent.safeParse(raw);
    if (!parsed.success) {
      await storeWebhookEvent(ctx, { field, value: raw, summary: 'call event without an id, stored raw' });
      continue;
    }
    const c = parsed.data;
    const userInitiated = c.direction === 'USER_INITIATED';
    const entry = withoutSdp(raw as Record<string, unknown>);
    const outcome = await recordCallEvent({
      callId: c.id,
      owner,
      eventId: digestOf(field, entry),
      at: isoFromUnixSeconds(c.timestamp, new Date(ctx.eventAt)),
      value: entry,
      event: c.event,
      direction: c.direction,
      from: c.from ?? c.from_user_id,
      to: c.to ?? c.to_user_id,
      customer: userInitiated ? (c.from ?? c.from_user_id) : (c.to ?? c.to_user_id),
      bizOpaqueCallbackData: c.biz_opaque_callback_data,
      ...(c.event === 'terminate'
        ? {
            terminate: {
              status: upper(c.status) ?? 'COMPLETED',
              startTime: c.start_time !== undefined ? isoFromUnixSeconds(c.start_time) : undefined,
              endTime: c.end_time !== undefined ? isoFromUnixSeconds(c.end_time) : undefined,
              durationSeconds: c.duration !== undefined ? Number(c.duration) : undefined,
            },
          }
        : {}),
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
    const outcome = await recordCallStatus({
      callId: s.id,
      owner,
      eventId: digestOf(field, raw),
      at: isoFromUnixSeconds(s.timestamp, new Date(ctx.eventAt)),
      value: raw as Record<string, unknown>,
      status: s.status.toUpperCase(),
      recipient: s.recipient_id ?? s.recipient_user_id,
      bizOpaqueCallbackData: s.biz_opaque_callback_data,
    });
    countEffect(ctx, `call:${outcome}`);
  }
  if (v.data.errors?.length) {
    await storeWebhookEvent(ctx, { field, value: { errors: v.data.errors }, summary: `calls errors: ${JSON.stringify(v.data.errors).slice(0, 150)}` });
  }
}
