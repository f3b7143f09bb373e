import type { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import { eumSdk } from '../aws/clients';

/**
 * The EUM Social client for SendWhatsAppMessage only. SendWhatsAppMessage has no client token: once a request may
 * have reached EUM, sending it again can deliver the message twice. So this client retries only failures that
 * prove the request was not processed (throttling, a connection never made); a 5xx answer, a reset socket or a
 * timeout after the request left is "ambiguous" and goes back to the caller at once (see isAmbiguousSendFailure).
 * Every other EUM call keeps the shared client's ordinary retries (shared/aws/clients.ts).
 */

const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
/** Connect quickly or give up (nothing was sent); a send that takes longer than this is ambiguous, not retried. */
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** Node network errors raised before a connection existed: the request never left this process. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

type SdkLikeError = { name?: string; code?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };

/** True when the request certainly never reached EUM, so trying again cannot send anything twice. */
function neverReachedEum(err: SdkLikeError): boolean {
  if (err.code && NOT_CONNECTED_CODES.has(err.code)) return true;
  // @smithy/node-http-handler's connectionTimeout: the socket never connected.
  return err.name === 'TimeoutError' && /did not establish a connection/.test(err.message ?? '');
}

const isThrottling = (err: SdkLikeError): boolean =>
  err.name === 'ThrottledRequestException' || err.name === 'LimitExceededException' || err.$metadata?.httpStatusCode === 429 || Boolean(err.$retryable?.throttling);

/**
 * A send failure after which nobody knows whether WhatsApp got the message: EUM answered 5xx (it may have handed the
 * message to Meta first), the connection broke or timed out after the request was written. Not a 4xx (refused,
 * nothing sent), not throttling (refused at the door), not a connection that was never made.
 */
export function isAmbiguousSendFailure(err: unknown): boolean {
  const e = (err ?? {}) as SdkLikeError;
  if (isThrottling(e) || neverReachedEum(e)) return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status < 500) return false;
  if (status !== undefined || e.$fault === 'server') return true;
  // No HTTP answer at all: a socket reset, a broken pipe, a request timeout.
  return e.name === 'TimeoutError' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'ETIMEDOUT' || /socket hang up/i.test(e.message ?? '');
}

interface Token extends StandardRetryToken {
  attempt: number;
  delay: number;
}
const token = (attempt: number, delay: number): Token => ({
  attempt,
  delay,
  getRetryCount: () => attempt,
  getRetryDelay: () => delay,
  getRetryTokenCount: () => 0,
  hasRetryTokens: () => true,
  releaseRetryTokens: () => undefined,
  isLongPoll: () => false,
} as unknown as Token);

/** Standard-style exponential backoff with full jitter, refusing to retry what may already have been sent. */
export const sendRetryStrategy: RetryStrategyV2 = {
  acquireInitialRetryToken: async () => token(0, 0),
  refreshRetryTokenForRetry: async (previous, info: RetryErrorInfo) => {
    const t = previous as Token;
    const err = info.error as SdkLikeError;
    const retryable = isThrottling(err) || neverReachedEum(err);
    if (!retryable || t.attempt + 1 >= MAX_ATTEMPTS) throw info.error;
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** t.attempt);
    return token(t.attempt + 1, Math.floor(Math.random() * cap));
  },
  recordSuccess: () => undefined,
};

let client: SocialMessagingClient | undefined;

/**
 * Builds the send client in the next turn of the event loop, which comes while the caller waits on its first
 * request: on a cold start the EUM Social SDK package (the largest a send loads) then loads during the sender and
 * window reads instead of after them. A failure here is left to the send itself, which builds the client again.
 */
export function prepareSendClient(): void {
  if (client) return;
  setImmediate(() => {
    try {
      sendClient();
    } catch {
      // sendClient() on the send path throws the same error where it can be answered.
    }
  });
}

/** Created on the first send, reused by every invocation of the process. */
export function sendClient(): SocialMessagingClient {
  client ??= new (eumSdk().SocialMessagingClient)({
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: sendRetryStrategy,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  return client;
}
