import * as z from '../../zod';
import { getLinkedAccounts } from '../../eum/accounts';
import { digestOf } from '../../table/digest';
import type { PhoneRef } from '../../table/messages';
import { recordQualityEvent } from '../../table/quality';
import { errorForLog, logger } from '../../observability/powertools';
import { countEffect, phoneFromContext, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

const QualityUpdate = z.lazy(() => z.looseObject({
  display_phone_number: z.optional(z.string()),
  event: z.optional(z.string()),
  current_limit: z.optional(z.string()),
  old_limit: z.optional(z.string()),
  max_daily_conversations_per_business: z.optional(z.union([z.string(), z.number()])),
}));

const digits = (s: string | undefined) => s?.replace(/\D/g, '') ?? '';

/**
 * The business number a WABA-level event names by display number. With one number in the envelope's context that
 * is it; otherwise the linked accounts (cached in the table) tell which number has that display number.
 */
async function phoneForDisplayNumber(ctx: IngestContext, display: string | undefined): Promise<PhoneRef | undefined> {
  const inContext = ctx.env.context?.MetaPhoneNumberIds ?? [];
  if (inContext.length === 1) return phoneFromContext(ctx.env, undefined, display);
  const wanted = digits(display);
  if (!wanted) return undefined;
  try {
    const { accounts } = await getLinkedAccounts();
    for (const a of accounts) {
      const p = a.phoneNumbers.find((n) => digits(n.phoneNumber) === wanted || digits(n.displayPhoneNumber) === wanted);
      if (p) return { arn: p.arn, phoneNumberId: p.phoneNumberId, metaPhoneNumberId: p.metaPhoneNumberId, displayPhoneNumber: display, wabaId: a.wabaId };
    }
  } catch (err) {
    logger.warn('could not read the linked accounts to place a phone event', { error: errorForLog(err) });
  }
  return undefined;
}

/**
 * phone_number_quality_update → the number's QUALITY item (table/quality.ts): its messaging limit moves forward by
 * event time only; every event is kept once in `history`.
 */
export async function handlePhoneQuality(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const v = QualityUpdate.safeParse(value);
  const d = v.success ? v.data : undefined;
  const phone = d ? await phoneForDisplayNumber(ctx, d.display_phone_number) : undefined;
  const summary = d
    ? `phone ${d.display_phone_number ?? '?'}: ${d.event ?? 'quality update'}${d.current_limit ? `, limit ${d.current_limit}` : ''}${
        d.max_daily_conversations_per_business !== undefined ? `, ${d.max_daily_conversations_per_business} conversations/day` : ''
      }`
    : `${field}: unexpected shape, stored raw`;
  if (!d || !phone?.phoneNumberId) {
    await storeWebhookEvent(ctx, { field, value, summary: `${summary} (business number unknown)` });
    countEffect(ctx, 'webhookEvent');
    return;
  }
  const outcome = await recordQualityEvent({
    phone: { phoneNumberId: phone.phoneNumberId, arn: phone.arn, metaPhoneNumberId: phone.metaPhoneNumberId },
    wabaId: phone.wabaId ?? ctx.entry.id,
    eventId: digestOf(field, value, ctx.eventAtRaw),
    at: ctx.eventAt,
    field,
    summary,
    value,
    event: d.event,
    currentLimit: d.current_limit,
    oldLimit: d.old_limit,
    maxDailyConversationsPerBusiness: d.max_daily_conversations_per_business,
    displayPhoneNumber: d.display_phone_number,
  });
  countEffect(ctx, `quality:${outcome}`);
}
