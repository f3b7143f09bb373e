import * as z from '../../zod';
import { markConversationOptOut } from '../../table/conversations';
import { digestOf } from '../../table/digest';
import { keys } from '../../table/keys';
import { recordMarketingPreference } from '../../table/user-preferences';
import { isoFromUnixSeconds } from '../../time';
import { countEffect, phoneFromContext, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

/**
 * `user_preferences`: a customer stopped or resumed marketing messages. Kept per customer and business number in
 * a USER_PREFERENCE item (`USER_PREF#{phoneArn}#{customer}`, `marketingOptOut`), and copied onto the conversation
 * when there is one, where marketing sends read it. Both only move forward by the event's own timestamp.
 */
const Preference = z.lazy(() => z.looseObject({
  wa_id: z.optional(z.string()),
  user_id: z.optional(z.string()),
  category: z.optional(z.string()),
  value: z.optional(z.string()),
  detail: z.optional(z.string()),
  timestamp: z.optional(z.union([z.string(), z.number()])),
}));
const PreferencesValue = z.lazy(() => z.looseObject({
  metadata: z.optional(z.looseObject({ phone_number_id: z.optional(z.string()), display_phone_number: z.optional(z.string()) })),
  user_preferences: z.array(z.unknown()),
}));

const OPT_OUT: Record<string, boolean> = { stop: true, resume: false };

export async function handleUserPreferences(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const v = PreferencesValue.safeParse(value);
  if (!v.success) {
    await storeWebhookEvent(ctx, { field, value, summary: `${field}: unexpected shape, stored raw` });
    countEffect(ctx, 'webhookEvent');
    return;
  }
  const phone = phoneFromContext(ctx.env, v.data.metadata?.phone_number_id, v.data.metadata?.display_phone_number);
  for (const raw of v.data.user_preferences) {
    const p = Preference.safeParse(raw);
    const pref = p.success ? p.data : undefined;
    const customer = pref?.wa_id ?? pref?.user_id;
    const optOut = pref?.category === 'marketing_messages' && pref.value ? OPT_OUT[pref.value.toLowerCase()] : undefined;
    const summary = `${customer ?? '?'}: ${pref?.category ?? '?'} ${pref?.value ?? '?'}${pref?.detail ? ` (${pref.detail})` : ''}`;
    if (!phone || !customer || optOut === undefined) {
      // Another category, value or an unknown number: nothing to apply, but nothing is dropped either.
      await storeWebhookEvent(ctx, { field, value: raw, summary, attributes: customer ? { customer } : {} });
      countEffect(ctx, 'webhookEvent');
      continue;
    }
    const at = isoFromUnixSeconds(pref!.timestamp, new Date(ctx.eventAt));
    const outcome = await recordMarketingPreference({
      phoneArn: phone.arn,
      customer,
      wabaId: phone.wabaId ?? ctx.entry.id,
      eventId: digestOf(field, raw),
      at,
      optOut,
      category: pref!.category,
      value: pref!.value,
      detail: pref!.detail,
    });
    countEffect(ctx, `userPreference:${outcome}`);
    if (await markConversationOptOut(keys.conversation(phone.arn, customer), optOut, at)) countEffect(ctx, 'conversationOptOut');
  }
}
