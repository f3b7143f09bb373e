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

/**
 * Where Metrics writes its own warnings (its EMF goes to stdout either way): the Logger, as JSON lines, except the
 * one Powertools 2.36 prints on every request that records an action: `action` is both a dimension and in the
 * action-and-status dimension set (request-log.ts recordActionOutcome). That is the EMF we mean, both carry the same
 * value, and the line (a stderr write on every invocation, the first one at cold start) said nothing.
 */
const ACTION_SET_COLLISION = 'EMF key "action" is defined as both a dimension and dimension set';
// Metrics passes one message string to each of these.
const metricsDiagnostics = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => {
    if (!String(message).startsWith(ACTION_SET_COLLISION)) logger.warn(message);
  },
  error: (message: string) => logger.error(message),
};

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger: metricsDiagnostics });

export { MetricUnit };

/** The `error` field of a log line for something thrown: name, message, stack and the `cause` chain. */
export function errorForLog(err: unknown): Error | { message: string } {
  return err instanceof Error ? err : { message: String(err) };
}
