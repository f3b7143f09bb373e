import { randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { logger, metrics } from './powertools';

/**
 * The id a caller quotes when something failed: the Lambda request id, which every log line of the invocation
 * carries (as `function_request_id` and `correlation_id`). A bare call without a Lambda context (a test, a script)
 * gets a fresh one.
 */
export function correlationIdOf(request: Pick<middy.Request, 'context' | 'internal'>): string {
  const internal = request.internal as { correlationId?: string };
  if (internal.correlationId) return internal.correlationId;
  const id = request.context?.awsRequestId || randomUUID();
  internal.correlationId = id;
  return id;
}

function correlationId(): middy.MiddlewareObj {
  return {
    before: async (request) => {
      logger.setCorrelationId(correlationIdOf(request));
    },
  };
}

/**
 * Attach first in every handler's middy chain: Lambda context and a correlation id on every log line (keys appended
 * during an invocation are dropped after it), and the invocation's EMF metrics flushed at its end.
 */
export function observability(): middy.MiddlewareObj[] {
  return [
    // Lambda always passes a context; a script or test calling the handler directly may not.
    { before: async (request) => void (request.context ??= {} as middy.Request['context']) },
    injectLambdaContext(logger, { resetKeys: true }),
    logMetrics(metrics, { captureColdStartMetric: true }),
    correlationId(),
  ] as middy.MiddlewareObj[];
}
