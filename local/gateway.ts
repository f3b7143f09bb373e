import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConcurrencyLimit, closeServer, readBody, sendJson } from './standins/shared/http';

/**
 * The local cloud's front door, where API Gateway stands on AWS: every request goes through it to serverless
 * offline. It exists because serverless offline misreports failures of an HTTP API (payload 2.0) function: a Lambda
 * timeout or crash comes back as HTTP 200 with `{"errorMessage": "[504] - Lambda timeout.", stackTrace}`, so a
 * client cannot tell that a send may not have happened; and a request whose headers are too large gets an empty 400.
 * Here both become 5xx / 4xx answers in our error shape, `{statusCode, error, correlationId}`, and each failure is
 * one log line. Like API Gateway, it refuses request lines and headers over 10 KB, and bodies over 10 MB.
 * It also forwards at most `maxInFlight` requests at once (see ConcurrencyLimit): that, not the authorizer or the
 * connections, is why 25 parallel sends timed out: each concurrent request became two fresh worker threads
 * (function and authorizer) cold-starting together on two cores.
 */

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface GatewayOptions {
  port: number;
  host: string;
  /** serverless offline's HTTP address, e.g. http://127.0.0.1:41234 */
  upstream: string;
  /** Longer than the longest function timeout: answer 504 ourselves if offline never answers. */
  timeoutMs: number;
  log: (line: string) => void;
  /** Requests forwarded at once; the rest wait here, before any function's timeout starts (default 4). */
  maxInFlight?: number;
}

/** API Gateway's quotas: request line and headers 10,240 bytes; payload 10 MB. */
const MAX_HEADER_BYTES = 10_240;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const CORRELATION_HEADER = 'x-correlation-id';

interface ErrorAnswer {
  statusCode: number;
  error: string;
}

function answerError(res: ServerResponse, answer: ErrorAnswer, log: (line: string) => void, what: string): void {
  const correlationId = randomUUID();
  log(`[gateway] ${what} -> ${answer.statusCode}: ${answer.error} (correlation id ${correlationId})`);
  sendJson(res, answer.statusCode, { ...answer, correlationId }, { [CORRELATION_HEADER]: correlationId });
}

/**
 * A Lambda failure as serverless offline renders it (`errorMessage` + `errorType`, no `statusCode`), turned into
 * what API Gateway would make of it: 504 for a timeout, 502 for a crash. Anything else is the function's answer.
 */
export function lambdaFailure(status: number, body: Buffer): ErrorAnswer | undefined {
  if (status !== 200 && status < 500) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return status >= 500 ? { statusCode: 502, error: `The function failed without an answer (HTTP ${status} from the runtime).` } : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || 'statusCode' in parsed) return undefined;
  const { errorMessage, errorType } = parsed as { errorMessage?: unknown; errorType?: unknown };
  if (typeof errorMessage !== 'string' || typeof errorType !== 'string') return undefined;
  if (/\[504\]|timed? ?out/i.test(errorMessage)) {
    return {
      statusCode: 504,
      error: 'The function did not finish within its timeout. The request may or may not have taken effect: check before retrying.',
    };
  }
  return { statusCode: 502, error: `The function crashed (${errorType}: ${errorMessage.slice(0, 200)}). See the function's log line.` };
}

/** Forwards one request to offline over a kept-alive connection; resolves with its status, headers and body. */
function forward(agent: Agent, upstream: URL, req: IncomingMessage, body: Buffer, timeoutMs: number) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const out = request(
      { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    out.on('timeout', () => out.destroy(Object.assign(new Error('no answer in time'), { code: 'GATEWAY_TIMEOUT' })));
    out.on('error', reject);
    out.end(body);
  });
}

async function handle(opts: GatewayOptions, agent: Agent, upstream: URL, limit: ConcurrencyLimit, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const what = `${req.method} ${req.url}`;
  const { bytes, tooLarge } = await readBody(req, MAX_BODY_BYTES);
  if (tooLarge) return answerError(res, { statusCode: 413, error: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }, opts.log, what);
  let answer;
  try {
    answer = await limit.run(() => forward(agent, upstream, req, bytes, opts.timeoutMs));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const failure =
      code === 'GATEWAY_TIMEOUT'
        ? { statusCode: 504, error: `No answer from the function within ${opts.timeoutMs / 1000} s. The request may or may not have taken effect: check before retrying.` }
        : { statusCode: 502, error: `The function runtime (serverless offline) is not answering (${code ?? String(error)}).` };
    return answerError(res, failure, opts.log, what);
  }
  const failure = lambdaFailure(answer.status, answer.body);
  if (failure) return answerError(res, failure, opts.log, what);
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  headers['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** Answers what Node's parser refuses (oversized headers, malformed requests) in our error shape, not an empty 400. */
function onClientError(error: NodeJS.ErrnoException, socket: Socket, log: (line: string) => void): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const statusCode = tooLarge ? 431 : 400;
  const message = tooLarge
    ? `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes, API Gateway's limit.`
    : `The request is not valid HTTP (${error.code ?? 'parse error'}).`;
  const correlationId = randomUUID();
  const body = JSON.stringify({ statusCode, error: message, correlationId });
  log(`[gateway] refused a request -> ${statusCode}: ${message} (correlation id ${correlationId})`);
  socket.end(
    `HTTP/1.1 ${statusCode} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${CORRELATION_HEADER}: ${correlationId}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const upstream = new URL(opts.upstream);
  const agent = new Agent({ keepAlive: true });
  const limit = new ConcurrencyLimit(opts.maxInFlight ?? 4);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(opts, agent, upstream, limit, req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      answerError(res, { statusCode: 502, error: `The gateway failed: ${String(error)}` }, opts.log, `${req.method} ${req.url}`);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => onClientError(error, socket, opts.log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host}:${port}`,
    port,
    close: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}
