import * as z from '../zod';
import { UpstreamError } from '../errors';

/**
 * Graph's error object and what we answer for it. Meta's codes, not its titles, decide: throttling and transient
 * faults are retried (and say `retryable: true` if they persist), an invalid or expired token (190) says how to
 * replace it, a bad request is a 400 carrying Meta's own message (it names the field), a missing object a 404.
 * Reference: ../shared/reference/meta-templates-flows-graph.md §3.2.
 */
export const GraphErrorBody = z.looseObject({
  error: z.looseObject({
    message: z.optional(z.string()),
    type: z.optional(z.string()),
    code: z.optional(z.coerce.number()),
    error_subcode: z.optional(z.coerce.number()),
    error_user_title: z.optional(z.string()),
    error_user_msg: z.optional(z.string()),
    error_data: z.optional(z.unknown()),
    fbtrace_id: z.optional(z.string()),
  }),
});
export type GraphErrorObject = z.output<typeof GraphErrorBody>['error'];

/** App, user, Graph-wide, WABA and throughput rate limits. */
export const THROTTLING_CODES = new Set([4, 17, 32, 613, 80007, 130429]);
/** Unknown or temporary errors Meta asks to retry. */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016]);
const AUTH_CODES = new Set([190, 102, 0]);
const PERMISSION_CODES = new Set([3, 10, 131005]);
/** "Object does not exist" / unknown group / unknown call. */
const NOT_FOUND = (code?: number, subcode?: number) => (code === 100 && subcode === 33) || code === 131041 || code === 803;

/** Whether a failed attempt is worth repeating at once (with backoff). */
export function isRetryableGraphFailure(httpStatus: number, error?: GraphErrorObject): boolean {
  if (error?.code !== undefined && THROTTLING_CODES.has(error.code)) return true;
  if (error?.code !== undefined && TRANSIENT_CODES.has(error.code)) return true;
  return httpStatus >= 500 || httpStatus === 429;
}

export interface GraphFailure {
  httpStatus: number;
  error?: GraphErrorObject;
  method: string;
  path: string;
  attempts: number;
  wabaId: string;
}

export function graphFailure(f: GraphFailure): UpstreamError {
  const e = f.error;
  const code = e?.code;
  const graphError = e
    ? {
        code,
        ...(e.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
        type: e.type,
        message: e.message,
        ...(e.error_user_msg ? { userMessage: e.error_user_msg } : {}),
        ...(e.error_data !== undefined ? { errorData: e.error_data } : {}),
        fbtraceId: e.fbtrace_id,
      }
    : undefined;
  const details = { upstream: 'graph', graphError, httpStatus: f.httpStatus, attempts: f.attempts };
  const what = `Graph API ${f.method} ${f.path}`;
  const meta = e ? `(#${code}${e.error_subcode !== undefined ? `/${e.error_subcode}` : ''}) ${e.message ?? ''}`.trim() : `HTTP ${f.httpStatus}`;

  if (code !== undefined && AUTH_CODES.has(code)) {
    return new UpstreamError(
      `${what} rejected the Graph token of WABA ${f.wabaId}: ${meta}. The token is invalid or expired: store a new one with set_graph_token.`,
      502,
      false,
      { ...details, fix: 'set_graph_token' },
    );
  }
  if (isRetryableGraphFailure(f.httpStatus, e)) {
    const throttled = code !== undefined && THROTTLING_CODES.has(code);
    return new UpstreamError(`${what} failed after ${f.attempts} attempts: ${meta} (retryable: try again later)`, throttled ? 429 : 502, true, details);
  }
  if (NOT_FOUND(code, e?.error_subcode) || f.httpStatus === 404) return new UpstreamError(`${what}: not found: ${meta}`, 404, false, details);
  if (code !== undefined && (PERMISSION_CODES.has(code) || (code >= 200 && code <= 299))) {
    return new UpstreamError(`${what} was refused: ${meta}. The token lacks a permission or the asset is not shared with it.`, 403, false, details);
  }
  // Anything else is Meta refusing the request itself (100 invalid parameter, 131xxx/138xxx rules): the caller can fix it.
  return new UpstreamError(`${what} was refused by Meta: ${meta}`, f.httpStatus >= 500 ? 502 : 400, false, details);
}
