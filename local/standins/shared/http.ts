import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP plumbing every stand-in shares: reading a request body with a size cap, writing a response, listening on
 * a port (0 = a free one) and closing without waiting for idle keep-alive sockets. Each stand-in keeps only its own
 * wire format (JSON, awsJson, awsQuery XML) in its protocol.ts.
 */

export interface RequestBody {
  bytes: Buffer;
  /** True when the body was larger than the cap; `bytes` then holds only the first `limit` bytes. */
  tooLarge: boolean;
}

/** Reads the whole body, keeping at most `limit` bytes so an oversized request cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge: size > limit }));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Listening {
  server: Server;
  port: number;
  /** http://host:port, with a wildcard host replaced by the loopback address a client can reach. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `handler` on host:port. An error the handler did not turn into a response becomes a 500 from `onCrash`
 * (each stand-in words it in its own protocol), so one bad request never takes the stand-in down.
 */
export async function listen(
  handler: RequestHandler,
  opts: { port?: number; host?: string; onCrash: (res: ServerResponse, error: unknown) => void },
): Promise<Listening> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else opts.onCrash(res, error);
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { server, port, url: `http://${urlHost}:${port}`, close: () => closeServer(server) };
}

/** Stops accepting, drops idle keep-alive sockets at once and in-flight ones after a short grace period. */
export function closeServer(server: Server, graceMs = 100): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

/** Resolves after `ms`, or at once when `wake` is called; the sleeper removes itself from `sleepers` either way. */
export function wakeableSleep(ms: number, sleepers: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      sleepers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    sleepers.add(wake);
  });
}

/**
 * At most `limit` tasks at once; the others wait their turn in order. The local cloud uses it as Lambda's reserved
 * concurrency: every concurrent invocation of serverless offline is a new worker thread that loads the function's
 * bundle and the AWS SDK again, and on a small machine a burst of them starves each other past their timeout.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
