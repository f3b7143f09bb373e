import { countEffect, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

/**
 * Account-level fields kept as WEBHOOK_EVENT items (raw value, once per delivery) with a readable `summary` and
 * the one or two attributes worth filtering on. Their shapes: reference/eum-and-meta.md §3.4.
 */
type Typed = { summary: string; attributes: Record<string, unknown> };
const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const SUMMARISERS: Record<string, (v: Record<string, unknown>) => Typed> = {
  phone_number_name_update: (v) => ({
    summary: `display name "${s(v.requested_verified_name) ?? '?'}" for ${s(v.display_phone_number) ?? '?'}: ${s(v.decision) ?? '?'}${
      s(v.rejection_reason) && v.rejection_reason !== 'NONE' ? ` (${s(v.rejection_reason)})` : ''
    }`,
    attributes: compact({ eventType: s(v.decision), displayPhoneNumber: s(v.display_phone_number), requestedName: s(v.requested_verified_name) }),
  }),
  account_update: (v) => {
    const violation = s(obj(v.violation_info).violation_type);
    const ban = s(obj(v.ban_info).waba_ban_state);
    return {
      summary: `account: ${s(v.event) ?? 'update'}${violation ? ` (violation ${violation})` : ''}${ban ? ` (ban ${ban})` : ''}`,
      attributes: compact({ eventType: s(v.event) }),
    };
  },
  account_review_update: (v) => ({ summary: `account review: ${s(v.decision) ?? '?'}`, attributes: compact({ eventType: s(v.decision) }) }),
  account_alerts: (v) => {
    const a = obj(v.alert_info);
    return {
      summary: `alert ${s(a.alert_severity) ?? ''} ${s(a.alert_type) ?? ''}`.replace(/\s+/g, ' ').trim() + (s(a.alert_description) ? `: ${s(a.alert_description)}` : ''),
      attributes: compact({ eventType: s(a.alert_type), severity: s(a.alert_severity), alertStatus: s(a.alert_status), entityId: s(v.entity_id) }),
    };
  },
  business_capability_update: (v) => ({
    summary: `capabilities: ${Object.entries(v)
      .filter(([k]) => k.startsWith('max_'))
      .map(([k, x]) => `${k}=${s(x)}`)
      .join(', ') || 'updated'}`,
    attributes: compact({ eventType: 'CAPABILITY_UPDATE', maxDailyConversationsPerBusiness: s(v.max_daily_conversations_per_business) }),
  }),
  security: (v) => ({
    summary: `security: ${s(v.event) ?? '?'} on ${s(v.display_phone_number) ?? '?'}${s(v.requester) ? ` by ${s(v.requester)}` : ''}`,
    attributes: compact({ eventType: s(v.event), displayPhoneNumber: s(v.display_phone_number) }),
  }),
};

export const ACCOUNT_EVENT_FIELDS = Object.keys(SUMMARISERS);

export async function handleAccountEvent(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const typed = SUMMARISERS[field]?.(obj(value));
  if (await storeWebhookEvent(ctx, { field, value, summary: typed?.summary, attributes: typed?.attributes })) countEffect(ctx, 'webhookEvent');
}

/** Any field nothing here models: kept whole, findable by itemType and field. */
export async function handleUnknownField(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const summary = `${field} (not modelled; raw value kept)`;
  if (await storeWebhookEvent(ctx, { field, value, summary })) countEffect(ctx, 'webhookEvent');
}
