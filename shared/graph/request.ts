import { getConfig } from '../config';
import { UpstreamError } from '../errors';
import { GraphErrorBody, graphFailure, isRetryableGraphFailure, type GraphErrorObject } from './errors';

/**
 * The one way to call Meta's Graph API: `${GRAPH_BASE_URL}/${version}/<path>` with a token, retried with capped exponential backoff and jitter on Graph's throttling codes and 5xx,
 * and every failure mapped to an UpstreamError (errors.ts). The token never appears in a message or log line.
 */
export interface GraphRequest {
  /** Meta's WABA id: whose token signs the request (named in errors). */
  wabaId: string;
  method?: 'GET' | 'POST' | 'DELETE';
  /** Below the version, e.g. `123/whatsapp_business_profile` (no leading slash needed). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body. */
  json?: unknown;
  /** A binary body (resumable upload), with its extra headers. */
  binary?: { bytes: Uint8Array; headers?: Record<string, string> };
  /** A multipart/form-data body (Graph's file parameters, e.g. a group photo). */
  form?: FormData;
  /** `Bearer` (default) or Graph's older `OAuth` scheme, which the upload session endpoint documents. */
  authScheme?: 'Bearer' | 'OAuth';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function graphUrl(path: string, query?: GraphRequest['query']): string {
  const { GRAPH_BASE_URL, GRAPH_API_VERSION, META_API_VERSION } = getConfig();
  const url = new URL(`${GRAPH_BASE_URL.replace(/\/+$/, '')}/${GRAPH_API_VERSION ?? META_API_VERSION}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { nonJson: text.slice(0, 200) };
  }
}

async function attempt(req: GraphRequest, token: string): Promise<{ status: number; body: unknown; error?: GraphErrorObject }> {
  const headers: Record<string, string> = { authorization: `${req.authScheme ?? 'Bearer'} ${token}` };
  let body: Uint8Array | string | FormData | undefined;
  if (req.form) {
    body = req.form;
  } else if (req.binary) {
    Object.assign(headers, req.binary.headers ?? {});
    body = req.binary.bytes;
  } else if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  const res = await fetch(graphUrl(req.path, req.query), { method: req.method ?? 'GET', headers, body });
  const parsedBody = await readBody(res);
  const error = GraphErrorBody.safeParse(parsedBody);
  return { status: res.status, body: parsedBody, error: error.success ? error.data.error : undefined };
}

/**
 * Calls Graph with the given token and returns its JSON body; throws UpstreamError on failure. `onTokenRejected`
 * runs when Graph says the token is invalid or expired (190). Most callers want graphCall (graph-call.ts), which
 * brings the WABA's stored token.
 */
export async function graphCallWithToken<T = Record<string, unknown>>(req: GraphRequest, accessToken: string, onTokenRejected?: () => void): Promise<T> {
  const { GRAPH_MAX_ATTEMPTS, GRAPH_RETRY_BASE_MS } = getConfig();
  const method = req.method ?? 'GET';
  for (let n = 1; ; n++) {
    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt(req, accessToken);
    } catch (err) {
      // Network failure (DNS, reset, refused): transient by nature.
      if (n < GRAPH_MAX_ATTEMPTS) {
        await sleep(backoff(n, GRAPH_RETRY_BASE_MS));
        continue;
      }
      throw new UpstreamError(`Graph API ${method} ${req.path} could not be reached: ${(err as Error).message}`, 502, true, {
        upstream: 'graph',
        attempts: n,
      });
    }
    if (result.status < 400 && !result.error) return result.body as T;
    if (result.error?.code === 190) onTokenRejected?.();
    if (n < GRAPH_MAX_ATTEMPTS && isRetryableGraphFailure(result.status, result.error)) {
      await sleep(backoff(n, GRAPH_RETRY_BASE_MS));
      continue;
    }
    throw graphFailure({ httpStatus: result.status, error: result.error, method, path: req.path, attempts: n, wabaId: req.wabaId });
  }
}

/** Capped exponential backoff with full jitter: base·2^(n-1), at most 8 s, times a random factor in [0.5, 1). */
function backoff(attemptNumber: number, baseMs: number): number {
  const ceiling = Math.min(8000, baseMs * 2 ** (attemptNumber - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

