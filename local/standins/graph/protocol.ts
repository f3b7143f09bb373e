import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * Graph API wire format: `/<version>/<node>[/<edge>]`, parameters in the query string, a form body or a JSON body
 * (Graph merges all three), JSON answers, list edges paged with `paging.cursors.{before,after}`, and failures as
 * `{"error": {message, type, code, error_subcode?, fbtrace_id}}`.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly type = 'OAuthException',
    readonly subcode?: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const fbtraceId = () => randomBytes(8).toString('base64url');

export const graphErrors = {
  noToken: () => new GraphError(400, 2500, 'An active access token must be used to query information about the current user.'),
  badToken: () => new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'),
  expiredToken: () =>
    new GraphError(401, 190, 'Error validating access token: Session has expired on Monday, 30-Nov-26 10:00:00 PST.', 'OAuthException', 463),
  noObject: (id: string, method: string) =>
    new GraphError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      'GraphMethodException',
      33,
    ),
  noPermission: () => new GraphError(403, 200, '(#200) Permissions error', 'OAuthException'),
  invalidParameter: (message: string) => new GraphError(400, 100, `(#100) ${message}`, 'OAuthException'),
  unknownPath: (path: string) => new GraphError(400, 2500, `Unknown path components: ${path}`),
};

export type Params = Record<string, unknown>;

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface ParsedRequest {
  params: Params;
  raw: Buffer;
  /** Files of a multipart/form-data body. */
  files: Record<string, { bytes: Buffer; type: string; name: string }>;
}

/** Graph accepts parameters in the query, a urlencoded or multipart form, or JSON; later sources win. */
export async function readRequest(req: IncomingMessage, url: URL): Promise<ParsedRequest> {
  const params: Params = Object.fromEntries(url.searchParams.entries());
  const raw = await readRaw(req);
  const type = String(req.headers['content-type'] ?? '');
  const files: ParsedRequest['files'] = {};
  if (raw.length && type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw graphErrors.invalidParameter('The request body is not valid JSON');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (raw.length && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) params[k] = jsonish(v);
  } else if (raw.length && type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') params[k] = jsonish(v);
      else files[k] = { bytes: Buffer.from(await v.arrayBuffer()), type: v.type, name: v.name };
    }
  }
  return { params, raw, files };
}

/** Form fields carrying arrays or objects arrive JSON-encoded, as Graph's own SDKs send them. */
function jsonish(v: string): unknown {
  if (/^[[{]/.test(v.trim())) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeGraphError(res: ServerResponse, err: GraphError): void {
  res.setHeader('www-authenticate', `OAuth "Facebook Platform" "${err.code === 190 ? 'invalid_token' : 'invalid_request'}" "${err.message}"`);
  writeJson(res, err.status, {
    error: {
      message: err.message,
      type: err.type,
      code: err.code,
      ...(err.subcode !== undefined ? { error_subcode: err.subcode } : {}),
      ...err.extra,
      fbtrace_id: fbtraceId(),
    },
  });
}

/** Cursor paging over an in-memory list: cursors are opaque base64 of the position. */
export function page<T>(items: T[], params: Params, defaultLimit = 25, maxLimit = 1024): { data: T[]; paging?: Record<string, unknown> } {
  const limit = params.limit === undefined ? defaultLimit : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw graphErrors.invalidParameter(`limit must be between 1 and ${maxLimit}`);
  const decode = (c: unknown) => {
    const n = Number(Buffer.from(String(c), 'base64url').toString('utf8'));
    if (!Number.isInteger(n) || n < 0) throw new GraphError(400, 131059, '(#131059) Invalid pagination cursor', 'OAuthException');
    return n;
  };
  const start = params.after !== undefined ? decode(params.after) : params.before !== undefined ? Math.max(0, decode(params.before) - limit) : 0;
  const data = items.slice(start, start + limit);
  if (!data.length) return { data };
  const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
  return {
    data,
    paging: {
      cursors: { before: cursor(start), after: cursor(start + data.length) },
      ...(start + data.length < items.length ? { next: `?limit=${limit}&after=${cursor(start + data.length)}` } : {}),
    },
  };
}
