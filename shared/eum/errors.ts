import type { SocialMessagingServiceException } from '@aws-sdk/client-socialmessaging';
import { UpstreamError } from '../errors';

/** EUM exceptions that a later retry can fix; the SDK already retried these with backoff before we see them. */
const RETRYABLE = new Set(['ThrottledRequestException', 'InternalServiceException', 'DependencyException', 'LimitExceededException']);

const STATUS: Record<string, number> = {
  ThrottledRequestException: 429,
  LimitExceededException: 429,
  ValidationException: 400,
  InvalidParametersException: 400,
  ResourceNotFoundException: 404,
  AccessDeniedException: 403,
  AccessDeniedByMetaException: 403,
  InternalServiceException: 502,
  DependencyException: 502,
};

/**
 * Turns an EUM Social SDK error into an UpstreamError that says whether retrying can help. Below 500 (validation,
 * permissions, not found) EUM's message is the caller's to fix and is passed on; a 5xx says what failed in our words
 * (EUM's text stays in `cause`, for the log line).
 */
export function fromEumError(err: unknown, operation: string): never {
  // Every SDK service exception carries $metadata; checking it (not instanceof) keeps the EUM package unloaded here.
  if ((err as { $metadata?: unknown })?.$metadata) {
    const e = err as SocialMessagingServiceException;
    // The SDK also puts $metadata on a network error it gave up on (a reset socket, a timeout): EUM never answered,
    // so nothing says a later try will fail too.
    const noAnswer = e.$fault === undefined && e.$metadata?.httpStatusCode === undefined && !(e.name in STATUS);
    const retryable = RETRYABLE.has(e.name) || noAnswer;
    const attempts = e.$metadata?.attempts;
    // A timeout is ours (the client's limit), so it answers like every other AWS timeout: 504, "did not answer in time".
    const timedOut = e.name === 'TimeoutError';
    const statusCode = STATUS[e.name] ?? (timedOut ? 504 : noAnswer ? 503 : 502);
    const what = timedOut
      ? `EUM Social ${operation} did not answer in time`
      : statusCode >= 500 ? `EUM Social ${operation} failed (${e.name})` : `EUM Social ${operation} failed: ${e.name}: ${e.message}`;
    throw new UpstreamError(
      `${what}${retryable ? ' (retryable: try again later)' : ''}`,
      statusCode,
      retryable,
      { upstream: 'eum-social', upstreamError: e.name, ...(attempts ? { attempts } : {}) },
      { cause: err },
    );
  }
  throw err;
}
