import type middy from '@middy/core';
import { errorForLog, logger, metrics, MetricUnit } from './powertools';

/** Identifiers that may go on every log line: ids of accounts and keys, never the key, a phone number or text. */
export interface RequestKeys {
  action?: string;
  apiKeyId?: string;
  wabaId?: string;
  phoneNumberId?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The business's own ids in an action's input or result (`metaWabaId`, `wabaId`, `phoneNumberId`): they say which
 * WABA and number a line is about. Customer fields (`to`, `customer`, `text`…) are deliberately not read.
 */
export function businessIdsOf(obj: unknown): Pick<RequestKeys, 'wabaId' | 'phoneNumberId'> {
  if (!obj || typeof obj !== 'object') return {};
  const o = obj as Record<string, unknown>;
  const keys: Pick<RequestKeys, 'wabaId' | 'phoneNumberId'> = {};
  const wabaId = str(o.metaWabaId) ?? str(o.wabaId);
  const phoneNumberId = str(o.phoneNumberId);
  if (wabaId) keys.wabaId = wabaId;
  if (phoneNumberId) keys.phoneNumberId = phoneNumberId;
  return keys;
}

export function appendRequestKeys(keys: RequestKeys): void {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length) logger.appendKeys(defined);
}

/** When the invocation started, for its latency. */
export function startTimer(request: Pick<middy.Request, 'internal'>): void {
  (request.internal as { startedAt?: number }).startedAt = performance.now();
}

function elapsedMs(request: Pick<middy.Request, 'internal'>): number {
  const startedAt = (request.internal as { startedAt?: number }).startedAt;
  return startedAt === undefined ? 0 : Math.round((performance.now() - startedAt) * 10) / 10;
}

/**
 * One line and one EMF blob per action call: `Requests`, `Latency` and `Errors` (4xx and 5xx) by action, and by
 * action and status. A 5xx is logged at error with its cause chain (the caller's body only has our message and the correlation
 * id); below 500 the line says which error class, and the message (which may quote input) only at debug.
 */
export function recordActionOutcome(
  request: Pick<middy.Request, 'internal'>,
  outcome: { action: string; statusCode: number; error?: unknown },
): void {
  const latencyMs = elapsedMs(request);
  const { action, statusCode, error } = outcome;
  // Two dimension sets in one EMF blob: by action and status, and by action. Powertools 2.36 warns that `action` is
  // in both on every request; ./powertools.ts drops that one warning.
  metrics.addDimensions({ action, status: String(statusCode) });
  metrics.addDimension('action', action);
  metrics.addMetric('Requests', MetricUnit.Count, 1);
  metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
  if (statusCode >= 400) metrics.addMetric('Errors', MetricUnit.Count, 1);
  if (statusCode >= 500) {
    logger.error('request failed', { statusCode, latencyMs, error: errorForLog(error) });
    return;
  }
  const errorType = error instanceof Error ? error.name : undefined;
  logger.info('request finished', { statusCode, latencyMs, ...(errorType ? { errorType } : {}) });
  if (error instanceof Error) logger.debug('request error detail', { message: error.message });
}
