import { createHash } from 'node:crypto';

/**
 * Short content hash: the same field and value give the same id on every delivery. Part of WEBHOOK_EVENT keys and
 * the event ids that keep event-built items (calls, templates, quality, preferences) from counting an event twice.
 */
export function digestOf(field: string, value: unknown, extra = ''): string {
  const body = `${field}\n${JSON.stringify(value)}`;
  return createHash('sha256').update(extra ? `${body}\n${extra}` : body).digest('hex').slice(0, 16);
}
