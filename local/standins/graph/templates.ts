import type { StoredTemplate, TemplateState } from '../eum/templates/state';
import { graphErrors } from './protocol';

/** The EUM stand-in's template state and the WABA it belongs to (the stand-in serves one). */
export interface TemplateLookup {
  state: TemplateState;
  wabaId: string;
}

/** Meta's TTL ranges per category (time_to_live.md); -1 means Meta's 30-day maximum where allowed. */
const TTL_RANGES: Record<string, { min: number; max: number; unlimited: boolean }> = {
  AUTHENTICATION: { min: 30, max: 900, unlimited: true },
  UTILITY: { min: 30, max: 43_200, unlimited: true },
  MARKETING: { min: 43_200, max: 2_592_000, unlimited: false },
};

/**
 * `POST /{template-id}` with `message_send_ttl_seconds`: the one template edit this project makes through Graph
 * (EUM's UpdateWhatsAppMessageTemplate has no TTL member). The change is written into the shared template, so
 * EUM's GetWhatsAppMessageTemplate returns it.
 */
export function setTemplateTtl(template: StoredTemplate, p: Record<string, unknown>): { success: true } {
  const ttl = Number(p.message_send_ttl_seconds);
  if (p.message_send_ttl_seconds === undefined || !Number.isInteger(ttl)) {
    throw graphErrors.invalidParameter('message_send_ttl_seconds must be an integer');
  }
  const r = TTL_RANGES[template.category];
  if (!r || !((ttl === -1 && r.unlimited) || (ttl >= r.min && ttl <= r.max))) {
    throw graphErrors.invalidParameter(`message_send_ttl_seconds is out of range for a ${template.category} template`);
  }
  template.messageSendTtlSeconds = ttl;
  return { success: true };
}
