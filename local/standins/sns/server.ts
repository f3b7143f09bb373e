/**
 * Local SNS that speaks the real awsQuery wire protocol (form-encoded POST, XML responses), so the unmodified
 * `@aws-sdk/client-sns` works against it with only `endpoint` set. Publish delivers asynchronously to Lambda
 * subscriptions in the exact SNS→Lambda event shape, retrying failures like Lambda's asynchronous invocation
 * (1 + 2 retries) and recording what still failed, instead of swallowing it as serverless-offline-sns does.
 * Routes here; topics and delivery in state.ts; actions in operations.ts; wire format and errors in protocol.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, send } from '../shared/http';
import type { InvokeLambdaFn } from './lambda-invoker';
import { runAction, type SnsContext } from './operations';
import { MAX_REQUEST_BYTES, QueryError, errorResponse, requestParams } from './protocol';
import { SnsState, type DeliverFn, type DeliveryFailure, type PublishedMessage, type SubscribeOptions } from './state';

export { lambdaInvoker, type InvokeLambdaFn } from './lambda-invoker';
export type { DeliverFn, DeliveryFailure, PublishedMessage, SubscribeOptions } from './state';

export interface SnsStandinOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  logger?: (line: string) => void;
  /** Delivery for subscriptions created over the wire (`Subscribe` with Protocol `lambda`). */
  invokeLambda?: InvokeLambdaFn;
}

export interface SnsStandin {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Idempotent by name, like CreateTopic. Returns the topic ARN. */
  createTopic(name: string): string;
  /** In-process Lambda subscription. Returns the subscription ARN. */
  subscribe(topicArn: string, deliver: DeliverFn, opts?: SubscribeOptions): string;
  published: PublishedMessage[];
  /** Resolves once every delivery, retries included, has finished. */
  idle(): Promise<void>;
  failures: DeliveryFailure[];
}

const CLOSE_DRAIN_MS = 5_000;
const XML_HEADERS = () => ({ 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });

async function answer(ctx: SnsContext, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const { bytes, tooLarge } = await readBody(req, MAX_REQUEST_BYTES);
  try {
    if (tooLarge) throw new QueryError(413, 'RequestEntityTooLarge', 'Request too large');
    send(res, 200, runAction(ctx, requestParams(req.url, bytes)), XML_HEADERS());
  } catch (err) {
    if (!(err instanceof QueryError)) log(`[sns] internal error: ${String(err)}`);
    const e = err instanceof QueryError ? err : new QueryError(500, 'InternalError', String(err), 'Receiver');
    send(res, e.status, errorResponse(e), XML_HEADERS());
  }
}

/** Waits a bounded time for in-flight deliveries: a hung invocation must not hang shutdown. */
async function drain(state: SnsState, log: (line: string) => void): Promise<void> {
  state.stopRetrying();
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    state.idle().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_DRAIN_MS))),
  ]);
  clearTimeout(timer);
  if (!drained) log(`[sns] closing with ${state.pending.size} delivery(ies) still in flight`);
}

export async function startSnsStandin(opts: SnsStandinOptions = {}): Promise<SnsStandin> {
  const log = opts.logger ?? ((line: string) => console.log(line));
  const state = new SnsState(opts.region ?? 'us-east-1', opts.accountId ?? '123456789012', log);
  const ctx: SnsContext = { state, invokeLambda: opts.invokeLambda };
  const http = await listen((req, res) => answer(ctx, req, res, log), {
    port: opts.port,
    host: opts.host,
    onCrash: (res, error) => send(res, 500, errorResponse(new QueryError(500, 'InternalError', String(error), 'Receiver')), XML_HEADERS()),
  });
  log(`[sns] stand-in listening on ${http.url}`);
  return {
    url: http.url,
    port: http.port,
    createTopic: (name) => state.createTopic(name),
    subscribe(topicArn, deliver, o) {
      const topic = state.requireTopic(topicArn);
      const label = deliver.name || 'in-process';
      return state.addSubscription(topic, `arn:aws:lambda:${state.region}:${state.accountId}:function:${label}`, deliver, o);
    },
    published: state.published,
    failures: state.failures,
    idle: () => state.idle(),
    async close() {
      await drain(state, log);
      await http.close();
    },
  };
}
