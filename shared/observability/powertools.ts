import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The one Logger and the one Metrics instance of every function (category functions, ingest, the authorizer).
 * Handlers attach them through `observability()` (./middleware.ts); code below a handler imports `logger` from here.
 *
 * Log level: LOG_LEVEL (validated in shared/config.ts; Powertools reads it too, and AWS_LAMBDA_LOG_LEVEL from
 * Lambda's advanced logging controls wins over both). Personal data (customer phone numbers, message text) is only
 * ever logged at debug.
 */
export const SERVICE_NAME = 'whatsapp-eum';
export const METRICS_NAMESPACE = 'WhatsAppEum';

// shared/config.ts validates LOG_LEVEL (debug|info|warn|error) at cold start; Powertools only reads it in upper case.
const logLevel = process.env.LOG_LEVEL?.toUpperCase() as LogLevel | undefined;

export const logger = new Logger({ serviceName: SERVICE_NAME, ...(logLevel ? { logLevel } : {}) });

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export { MetricUnit };

/** The `error` field of a log line for something thrown: name, message, stack and the `cause` chain. */
export function errorForLog(err: unknown): Error | { message: string } {
  return err instanceof Error ? err : { message: String(err) };
}
