import { SocialMessagingServiceException } from '@aws-sdk/client-socialmessaging';
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

/** Turns an EUM Social SDK error into an UpstreamError that says whether retrying can help. */
export function fromEumError(err: unknown, operation: string): never {
  if (err instanceof SocialMessagingServiceException || (err as { $metadata?: unknown })?.$metadata) {
    const e = err as SocialMessagingServiceException;
    const retryable = RETRYABLE.has(e.name);
    const attempts = e.$metadata?.attempts;
    throw new UpstreamError(
      `EUM Social ${operation} failed: ${e.name}: ${e.message}${retryable ? ' (retryable: try again later)' : ''}`,
      STATUS[e.name] ?? 502,
      retryable,
      { upstream: 'eum-social', upstreamError: e.name, ...(attempts ? { attempts } : {}) },
    );
  }
  throw err;
}
