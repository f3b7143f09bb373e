import { storeWebhookEvent as store } from '../table/webhook-events';
import type { IngestContext } from './context';

export interface WebhookEventInput {
  field: string;
  value: unknown;
  /** One readable line; absent only for fields nothing here knows. */
  summary?: string;
  /** Typed attributes beside the raw value (event, decision, displayPhoneNumber, …). */
  attributes?: Record<string, unknown>;
}

/** Keeps a change of this record as a WEBHOOK_EVENT item, once per delivery (false on a redelivery). */
export const storeWebhookEvent = (ctx: IngestContext, e: WebhookEventInput): Promise<boolean> =>
  store({ ...e, wabaId: ctx.entry.id, eventAtRaw: ctx.eventAtRaw, eventAt: ctx.eventAt });
