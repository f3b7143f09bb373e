import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { listen, readBody, sendJson } from '../shared/http';
import type { EumContext, EumOperation } from './context';
import { CONTROL_ROUTES, describeControlError, seedMedia, type SeedMediaInput, type SeededMedia } from './control';
import { DEMO_ACCOUNT, type LinkedAccount } from './demo-account';
import type { FaultSpec } from './faults';
import { metaValidators } from './meta-validators';
import { customerWrites, type CustomerWritesInput, type CustomerWrote } from './inbound';
import { EUM_OPERATIONS } from './operations';
import type { GroupDirectory } from './operations/group-sends';
import type { MessageTypeValidators } from './outbound-message';
import { EumError } from './protocol';
import { S3Transfer, type S3Endpoint } from './s3-transfer';
import { EumState, type PublishedStatus, type RecordedSend } from './state';

export type { SeedMediaInput, SeededMedia } from './control';
export type { CustomerWritesInput, CustomerWrote } from './inbound';
export type { PublishedStatus, RecordedSend } from './state';
export type { GroupDirectory } from './operations/group-sends';

/**
 * Local stand-in for AWS End User Messaging Social: speaks its REST-JSON wire protocol (paths, query/body members,
 * error headers, epoch-second timestamps) so the unmodified @aws-sdk/client-socialmessaging client works against it
 * with only `endpoint` changed. Sends are answered with an EUM message id and followed, as on AWS, by Meta status
 * webhooks wrapped in EUM's SNS envelope. A small control API under /_standin/ (control.ts) lets tests and the local
 * cloud inspect sends, inject faults and seed inbound media. Routes here; operations in operations/; memory in state.ts.
 */

export interface EumStandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Pause between the send response and the first status, and between statuses. Default 50 ms. */
  statusDelayMs?: number;
  /** Delivers one SNS message body (the EUM envelope JSON). Wins over `sns`. */
  publish?: (snsMessageBody: string) => Promise<void>;
  /** Publish status envelopes to this SNS endpoint/topic with @aws-sdk/client-sns when `publish` is absent. */
  sns?: { endpoint: string; topicArn: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** The S3 server media is read from and written to. */
  s3?: S3Endpoint;
  logger?: (line: string) => void;
  /** The linked account served; defaults to the demo WABA with its one phone number. */
  account?: LinkedAccount;
  /** Per-type checks of outbound Meta payloads (see outbound-message.ts); Meta's own checks by default. Pass {} to accept anything. */
  messageValidators?: MessageTypeValidators;
  /** How long a created or edited template stays PENDING before Meta's verdict is published. Default 2000 ms. */
  templateReviewDelayMs?: number;
}

export interface EumStandin {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Live list of accepted SendWhatsAppMessage calls (cleared in place by reset). */
  sends: RecordedSend[];
  /** Live list of status envelopes produced (whether or not a publisher was configured). */
  published: PublishedStatus[];
  /** Account-level webhook envelopes published (template status updates), in order. */
  events: EumState['events'];
  /** The WABA's message templates (hello_world from the start) and WhatsApp Flows. */
  templates: EumState['templates'];
  flows: EumState['flows'];
  /** Resolves when every scheduled status publish is done. */
  idle(): Promise<void>;
  /** Clears sends, published statuses, pending faults, media, and cancels statuses not yet published. */
  reset(): void;
  injectFault(spec: FaultSpec): void;
  /** Stores media as if a customer had sent it, for simulating inbound media messages. */
  seedMedia(input: SeedMediaInput): SeededMedia;
  /**
   * A customer writes: builds the inbound webhook, opens their 24-hour window (free-form sends to anyone else fail
   * with Meta's 131047, as on WhatsApp) and publishes it unless `deliver: false`.
   */
  customerWrites(input: CustomerWritesInput): Promise<CustomerWrote>;
  /** Takes group participants from the Graph stand-in (`groupDirectory(graph.state)`); undefined = simulate them. */
  useGroups(directory: GroupDirectory | undefined): void;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Where status envelopes go: the `publish` callback, else an SNS topic through the real SDK, else nowhere. */
function publisher(opts: EumStandinOptions, region: string): { deliver?: (body: string) => Promise<void>; sns?: SNSClient } {
  if (opts.publish) return { deliver: opts.publish };
  if (!opts.sns) return {};
  const { endpoint, topicArn, credentials } = opts.sns;
  const sns = new SNSClient({ endpoint, region: opts.sns.region ?? region, credentials: credentials ?? LOCAL_CREDENTIALS });
  return { sns, deliver: async (body) => void (await sns.send(new PublishCommand({ TopicArn: topicArn, Message: body }))) };
}

function parseJsonBody(bytes: Buffer, tooLarge: boolean): unknown {
  if (tooLarge) throw new EumError('ValidationException', 'Request body is too large');
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EumError('ValidationException', 'Request body is not valid JSON');
  }
}

async function answerControl(ctx: EumContext, route: string, bytes: Buffer, res: ServerResponse): Promise<void> {
  const action = CONTROL_ROUTES[route];
  if (!action) return sendJson(res, 404, { error: `no control route ${route}` });
  let result: unknown;
  try {
    result = await action(ctx, bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined);
  } catch (error) {
    return sendJson(res, 400, { error: describeControlError(error) });
  }
  try {
    sendJson(res, 200, result);
  } catch (error) {
    // Nothing stored should be unrenderable (sends are depth-checked); if it ever is, say so instead of a vague 400.
    sendJson(res, 500, { error: `the stand-in could not render ${route}: ${describeControlError(error)}` });
  }
}

async function answerOperation(ctx: EumContext, route: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://standin');
  const requestId = randomUUID();
  const operation: EumOperation | undefined = EUM_OPERATIONS[route];
  let outcome = '200';
  try {
    const { bytes, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    if (!operation) throw new EumError('UnknownOperationException', `No EUM Social operation is bound to ${route}`);
    const output = await operation.run(ctx, { query: url.searchParams, body: parseJsonBody(bytes, tooLarge) });
    sendJson(res, 200, output, { 'x-amzn-requestid': requestId });
  } catch (error) {
    const eum = error instanceof EumError ? error : new EumError('InternalServiceException', `Stand-in failure: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof EumError)) ctx.log(`unexpected error in ${route}: ${error instanceof Error ? error.stack : String(error)}`);
    outcome = `${eum.status} ${eum.name}`;
    if ((error as { hangUp?: boolean }).hangUp) {
      outcome = 'connection dropped';
      res.socket?.destroy();
      return;
    }
    sendJson(res, eum.status, { message: eum.message }, { 'x-amzn-requestid': requestId, 'x-amzn-errortype': eum.name });
  } finally {
    ctx.log(`${operation?.name ?? route} -> ${outcome} (${Date.now() - started} ms)`);
  }
}

async function answer(ctx: EumContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://standin');
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  if (!url.pathname.startsWith('/_standin/')) return answerOperation(ctx, route, req, res);
  // A Flow's JSON, where ListWhatsAppFlowAssets' downloadUrl points.
  const flowAsset = /^\/_standin\/flows\/(\d+)\/flow\.json$/.exec(url.pathname);
  if (flowAsset) {
    const json = ctx.state.flows.flows.get(flowAsset[1]!)?.flowJson;
    return json ? sendJson(res, 200, JSON.parse(json)) : sendJson(res, 404, { error: 'no such Flow JSON' });
  }
  const { bytes } = await readBody(req, MAX_BODY_BYTES);
  return answerControl(ctx, route, bytes, res);
}

export async function startEumStandin(opts: EumStandinOptions = {}): Promise<EumStandin> {
  const account = opts.account ?? DEMO_ACCOUNT;
  const log = opts.logger ?? (() => {});
  const state = new EumState((error) => log(`status chain failed: ${String(error)}`));
  const { deliver, sns } = publisher(opts, account.region);
  const s3 = new S3Transfer(opts.s3);
  const ctx: EumContext = { account, state, s3, deliver, log, validators: opts.messageValidators ?? metaValidators, statusDelayMs: opts.statusDelayMs ?? 50, templateReviewDelayMs: opts.templateReviewDelayMs ?? 2000 };
  const http = await listen((req, res) => answer(ctx, req, res), {
    port: opts.port,
    host: opts.host,
    onCrash: (res, error) => {
      log(`request failed: ${String(error)}`);
      sendJson(res, 500, { message: 'stand-in failure' }, { 'x-amzn-errortype': 'InternalServiceException' });
    },
  });
  ctx.baseUrl = http.url;
  return {
    url: http.url,
    port: http.port,
    sends: state.sends,
    published: state.published,
    events: state.events,
    templates: state.templates,
    flows: state.flows,
    idle: () => state.steps.idle(),
    reset: () => state.reset(),
    injectFault: (spec) => state.faults.add(spec),
    seedMedia: (input) => seedMedia(ctx, input),
    customerWrites: (input) => customerWrites(ctx, input),
    useGroups: (directory) => {
      ctx.groups = directory;
    },
    close: async () => {
      state.steps.cancelAll();
      await http.close();
      sns?.destroy();
      s3.destroy();
    },
  };
}
