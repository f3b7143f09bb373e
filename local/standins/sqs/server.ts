/**
 * Local SQS that speaks the real awsJson1_0 wire protocol (`X-Amz-Target: AmazonSQS.<Op>`, query-compatible errors),
 * so the unmodified `@aws-sdk/client-sqs` works against it with only `endpoint` set. Standard-queue semantics:
 * visibility timeouts, receive counts, long polling, and the MD5 digests AWS returns (the SDK verifies them).
 * Routes here; queues in state.ts; operations in operations.ts; wire format and errors in protocol.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, sendJson } from '../shared/http';
import { SQS_OPERATIONS } from './operations';
import { MAX_REQUEST_BYTES, SqsError, errorResponse, errors, parseRequest, type SqsMessageAttribute } from './protocol';
import { SqsState } from './state';

export { md5OfMessageAttributes, type SqsMessageAttribute } from './protocol';

export interface SqsStandinOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  logger?: (line: string) => void;
}

export interface SqsStoredMessage {
  messageId: string;
  body: string;
  messageAttributes: Record<string, SqsMessageAttribute>;
  sentAt: string;
  receiveCount: number;
  /** False while received and not yet deleted (in flight), or still delayed. */
  visible: boolean;
}

export interface SqsStandin {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Idempotent by name. Returns the queue URL. */
  createQueue(name: string): string;
  /** Snapshot of a queue's messages (visible and in flight), oldest first. */
  messages(queueUrl: string): SqsStoredMessage[];
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';

async function answer(state: SqsState, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const { bytes, tooLarge } = await readBody(req, MAX_REQUEST_BYTES);
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
  const headers = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
  try {
    if (tooLarge) throw errors.invalidParameter('Request too large');
    const operation = SQS_OPERATIONS[op];
    if (!operation) throw errors.unsupported(op || 'an empty X-Amz-Target');
    sendJson(res, 200, await operation(state, parseRequest(bytes)), headers);
  } catch (err) {
    if (!(err instanceof SqsError)) log(`[sqs] internal error in ${op}: ${String(err)}`);
    const e = err instanceof SqsError ? err : new SqsError(500, 'InternalError', 'InternalError', String(err), 'Receiver');
    const out = errorResponse(e);
    sendJson(res, e.status, out.body, { ...headers, ...out.headers });
  }
}

function snapshot(state: SqsState, queueUrl: string): SqsStoredMessage[] {
  const queue = state.queueByUrl(queueUrl);
  const now = Date.now();
  state.expire(queue, now);
  return queue.messages.map((m) => ({
    messageId: m.id,
    body: m.body,
    messageAttributes: m.attributes,
    sentAt: new Date(m.sentAt).toISOString(),
    receiveCount: m.receiveCount,
    visible: m.visibleAt <= now,
  }));
}

export async function startSqsStandin(opts: SqsStandinOptions = {}): Promise<SqsStandin> {
  const log = opts.logger ?? ((line: string) => console.log(line));
  const state = new SqsState(opts.region ?? 'us-east-1', opts.accountId ?? '123456789012', log);
  const http = await listen((req, res) => answer(state, req, res, log), {
    port: opts.port,
    host: opts.host,
    onCrash: (res) => sendJson(res, 500, { __type: 'com.amazonaws.sqs#InternalError', message: 'stand-in failure' }),
  });
  state.baseUrl = http.url;
  log(`[sqs] stand-in listening on ${http.url}`);
  return {
    url: http.url,
    port: http.port,
    createQueue: (name) => state.createQueue(name),
    messages: (queueUrl) => snapshot(state, queueUrl),
    async close() {
      state.closed = true;
      for (const queue of state.queues.values()) state.wake(queue); // end long polls so connections can drain
      await http.close();
    },
  };
}
