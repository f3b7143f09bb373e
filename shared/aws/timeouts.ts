/**
 * Time limits, in one place: each function's Lambda timeout (resources/functions.cjs deploys it, and hands the same
 * number to the function as FUNCTION_TIMEOUT_SECONDS), and the HTTP timeouts every AWS client derives from it. A
 * hanging AWS endpoint then fails the request with a TimeoutError the function answers with, instead of Lambda
 * killing the invocation with nothing logged.
 */

/** Lambda timeouts by function directory (functions/<dir>); the rest get `default` (API Gateway gives up at 30 s). */
export const FUNCTION_TIMEOUT_SECONDS = {
  default: 29,
  // SNS retries a failed invocation; a batch of records with media copies needs longer than an API call.
  ingest: 60,
  // WhatsApp waits 10 s for a Flow's answer.
  'flow-endpoint': 10,
  // Background uploads to WhatsApp (upload_media over 16 MB) run in an async invocation of the media function, with up
  // to 240 s for EUM Social (shared/media/upload-jobs.ts); API Gateway still answers a request after 29 s.
  media: 300,
} as const;

export function functionTimeoutSeconds(dir: string): number {
  return (FUNCTION_TIMEOUT_SECONDS as Record<string, number>)[dir] ?? FUNCTION_TIMEOUT_SECONDS.default;
}

/** API Gateway (HTTP API) answers 503 after 30 s whatever the function still does: all a request can wait for. */
export const API_GATEWAY_TIMEOUT_SECONDS = 29;

/** Functions no API Gateway route reaches (SNS invokes ingest): their invocations may use their whole timeout. */
const NOT_BEHIND_API_GATEWAY: ReadonlySet<string> = new Set(['ingest']);

/**
 * What one invocation's AWS calls may take, the number a function's clients derive their timeouts from (deployed
 * as its FUNCTION_TIMEOUT_SECONDS by resources/functions.cjs): the Lambda timeout, capped at API Gateway's for a
 * function behind it. So the media function's API requests keep the 29 s budget though its Lambda timeout is 300 s;
 * only its background upload jobs use the long one, through a client of their own (longJobHttpTimeouts).
 */
export function clientBudgetSeconds(dir: string): number {
  const timeout = functionTimeoutSeconds(dir);
  return NOT_BEHIND_API_GATEWAY.has(dir) ? timeout : Math.min(timeout, API_GATEWAY_TIMEOUT_SECONDS);
}

/** Attempts the SDK makes for one command (standard retry mode's default), unless a client sets its own. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The share of the function's time all attempts of one AWS call may take together: the rest is for answering. */
const SHARE_FOR_ONE_CALL = 0.8;

export interface HttpTimeouts {
  /** Whole request (per attempt), ms; throwOnRequestTimeout makes it an error, not a warning. */
  requestTimeout: number;
  /** No byte received or sent for this long ends the attempt (older handlers treat requestTimeout this way). */
  socketTimeout: number;
  /** From the request to a connected socket, ms: includes waiting for a free socket of the client's pool. */
  connectionTimeout: number;
  throwOnRequestTimeout: true;
}

/**
 * The NodeHttpHandler options for a function that may run `functionSeconds` and a client that tries `maxAttempts`
 * times: every attempt timing out still leaves a fifth of the function's time to log and answer.
 */
export function httpTimeouts(functionSeconds: number, maxAttempts = DEFAULT_MAX_ATTEMPTS): HttpTimeouts {
  const perAttempt = Math.max(500, Math.floor((functionSeconds * 1000 * SHARE_FOR_ONE_CALL) / maxAttempts));
  return {
    requestTimeout: perAttempt,
    socketTimeout: perAttempt,
    connectionTimeout: Math.floor(perAttempt / 2),
    throwOnRequestTimeout: true,
  };
}

/**
 * The HTTP timeouts of the one client that runs the media function's background upload jobs (an async invocation,
 * no API Gateway waiting): one attempt (Lambda retries the job) that may use most of the function's 300 s.
 */
export function longJobHttpTimeouts(): HttpTimeouts {
  return httpTimeouts(FUNCTION_TIMEOUT_SECONDS.media, 1);
}
