import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { DEMO_ACCOUNT, type LinkedAccount, type WirePhoneNumber, type WireWabaSummary } from './demo-account';
import { DelayedSteps } from './delayed-steps';
import { envelopeBody, newWamid, statusValue, type MetaStatusName } from './envelope';
import { EumError, constraintViolation } from './eum-errors';
import { FaultQueue, type FaultSpec, type MetaErrorFault } from './faults';
import { MediaStore, extensionForMime, resolveMimeType } from './media-store';
import { classifyMessage, decodeMessageBlob, type MessageTypeValidators, type MetaMessagePayload } from './outbound-message';
import { metaValidators } from './meta-validators';
import { S3Transfer, fetchPresigned, putPresigned, type S3Endpoint, type S3Location } from './s3-transfer';
import { flowOperations } from '../standins/eum/flows/operations';
import { FlowState } from '../standins/eum/flows/state';
import { templateOperations } from '../standins/eum/templates/operations';
import { TemplateState } from '../standins/eum/templates/state';

/**
 * Local stand-in for AWS End User Messaging Social: speaks its REST-JSON wire protocol (paths, query/body members,
 * error headers, epoch-second timestamps) so the unmodified @aws-sdk/client-socialmessaging client works against it
 * with only `endpoint` changed. Sends are answered with an EUM message id and followed, as on AWS, by Meta status
 * webhooks wrapped in EUM's SNS envelope. A small control API under /_standin/ lets tests and the local cloud
 * inspect sends, inject faults and seed inbound media.
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
  /** How long Meta's review of a created or edited template takes before APPROVED/REJECTED is published. Default 2000 ms. */
  templateReviewDelayMs?: number;
  /** Per-type checks of outbound Meta payloads (see outbound-message.ts); Meta's own checks by default. Pass {} to accept anything. */
  messageValidators?: MessageTypeValidators;
}

export interface RecordedSend {
  /** EUM's id, returned by SendWhatsAppMessage and repeated as the envelope's messageId. */
  messageId: string;
  /** Meta's id, reported in statuses[].id; absent for mark-as-read requests, which create no message. */
  wamid?: string;
  kind: 'message' | 'mark_read';
  originationPhoneNumberId: string;
  metaApiVersion: string;
  message: MetaMessagePayload;
  receivedAt: string;
}

export interface PublishedStatus {
  messageId: string;
  wamid: string;
  status: MetaStatusName;
  /** The SNS message body exactly as published. */
  body: string;
  publishedAt: string;
  /** Set when the publish callback / SNS rejected the message. */
  error?: string;
}

export interface SeedMediaInput {
  /** The file; or give `base64`. */
  bytes?: Uint8Array;
  base64?: string;
  mimeType: string;
  /** Use this media id (e.g. the one a fixture's webhook names) instead of a fresh one; replaces what it held. */
  mediaId?: string;
}

export interface SeededMedia {
  mediaId: string;
  mimeType: string;
  fileSize: number;
  /** base64 SHA-256, as Meta puts in inbound media webhooks. */
  sha256: string;
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
  events: Array<{ field: string; value: Record<string, unknown>; body: string }>;
  /** The WABA's message templates and Flows (hello_world is there from the start). */
  templates: TemplateState;
  flows: FlowState;
  /** Resolves when every scheduled status publish is done. */
  idle(): Promise<void>;
  /** Clears sends, published statuses, pending faults, media, and cancels statuses not yet published. */
  reset(): void;
  injectFault(spec: FaultSpec): void;
  /** Stores media as if a customer had sent it, for simulating inbound media messages. */
  seedMedia(input: SeedMediaInput): SeededMedia;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const PHONE_ID_PATTERN = /(^phone-number-id-.*$)|(^arn:.*:phone-number-id\/[0-9a-zA-Z]+$)/;
const WABA_ID_PATTERN = /(^waba-.*$)|(^arn:.*:waba\/[0-9a-zA-Z]+$)/;
const MEDIA_ID_PATTERN = /^[A-Za-z0-9]+$/;
const META_API_VERSION_PATTERN = /^v\d+\.\d+$/;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Request bodies (member names as in the SDK's schemas_0.js)

const S3FileSchema = z.object({ bucketName: z.string().min(3).max(63), key: z.string().max(1024) });
const S3PresignedUrlSchema = z.object({ url: z.string().min(1).max(2000), headers: z.record(z.string(), z.string()) });

const SendBody = z.object({
  originationPhoneNumberId: z.string(),
  message: z.string(),
  metaApiVersion: z.string(),
});

const PostMediaBody = z.object({
  originationPhoneNumberId: z.string(),
  sourceS3PresignedUrl: S3PresignedUrlSchema.optional(),
  sourceS3File: S3FileSchema.optional(),
});

const GetMediaBody = z.object({
  mediaId: z.string(),
  originationPhoneNumberId: z.string(),
  metadataOnly: z.boolean().optional(),
  destinationS3PresignedUrl: S3PresignedUrlSchema.optional(),
  destinationS3File: S3FileSchema.optional(),
});

const SeedMediaBody = z.object({ base64: z.string().min(1), mimeType: z.string().min(3), mediaId: z.string().regex(MEDIA_ID_PATTERN).optional() });

function parseMembers<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const member = issue.path.join('.') || 'body';
    const constraint = issue.code === 'invalid_type' && issue.message.includes('undefined') ? 'Member must not be null' : issue.message;
    return `Value at '${member}' failed to satisfy constraint: ${constraint}`;
  });
  throw new EumError('ValidationException', `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------------------------

interface EumRequest {
  query: URLSearchParams;
  body: unknown;
}

type EumOperation = (request: EumRequest) => Promise<object>;

export async function startEumStandin(opts: EumStandinOptions = {}): Promise<EumStandin> {
  const account = opts.account ?? DEMO_ACCOUNT;
  const statusDelayMs = opts.statusDelayMs ?? 50;
  const log = opts.logger ?? (() => {});
  const validators = opts.messageValidators ?? metaValidators;

  const sends: RecordedSend[] = [];
  const published: PublishedStatus[] = [];
  const faults = new FaultQueue();
  const media = new MediaStore();
  const s3 = new S3Transfer(opts.s3);
  const steps = new DelayedSteps((error) => log(`status chain failed: ${String(error)}`));
  const events: EumStandin['events'] = [];
  const templates = new TemplateState();
  const flows = new FlowState();
  const sns =
    !opts.publish && opts.sns
      ? new SNSClient({ endpoint: opts.sns.endpoint, region: opts.sns.region ?? account.region, credentials: opts.sns.credentials ?? LOCAL_CREDENTIALS })
      : undefined;
  const deliver: ((body: string) => Promise<void>) | undefined =
    opts.publish ??
    (sns && opts.sns
      ? async (body) => {
          await sns.send(new PublishCommand({ TopicArn: opts.sns?.topicArn, Message: body }));
        }
      : undefined);

  // ----- lookups ------------------------------------------------------------------------------------------------

  function findPhone(member: string, id: string): WirePhoneNumber {
    if (!PHONE_ID_PATTERN.test(id)) {
      throw constraintViolation(member, id, `Member must satisfy regular expression pattern: ${PHONE_ID_PATTERN.source}`);
    }
    const phone = account.phones.find((p) => p.phoneNumberId === id || p.arn === id);
    if (!phone) throw new EumError('ResourceNotFoundException', `Phone number ${id} is not linked to account ${account.awsAccountId}`);
    return phone;
  }

  function findWaba(id: string): WireWabaSummary {
    if (!WABA_ID_PATTERN.test(id)) {
      throw constraintViolation('id', id, `Member must satisfy regular expression pattern: ${WABA_ID_PATTERN.source}`);
    }
    if (id !== account.waba.id && id !== account.waba.arn) {
      throw new EumError('ResourceNotFoundException', `WhatsApp Business Account ${id} is not linked to account ${account.awsAccountId}`);
    }
    return account.waba;
  }

  function requireQuery(query: URLSearchParams, name: string): string {
    const value = query.get(name);
    if (value === null || value === '') throw constraintViolation(name, null, 'Member must not be null');
    return value;
  }

  function checkMediaId(mediaId: string): void {
    if (mediaId.length > 100 || !MEDIA_ID_PATTERN.test(mediaId)) {
      throw constraintViolation('mediaId', mediaId, `Member must satisfy regular expression pattern: ${MEDIA_ID_PATTERN.source}`);
    }
  }

  // ----- status webhooks ----------------------------------------------------------------------------------------

  async function publishStatus(send: RecordedSend & { wamid: string }, status: MetaStatusName, metaError?: MetaErrorFault): Promise<void> {
    const phone = findPhone('originationPhoneNumberId', send.originationPhoneNumberId);
    const to = typeof send.message.to === 'string' && send.message.to !== '' ? send.message.to : undefined;
    const value = statusValue({
      account,
      phone,
      wamid: send.wamid,
      status,
      recipientId: to,
      recipientUserId: to === undefined ? String(send.message.recipient) : undefined,
      bizOpaqueCallbackData: typeof send.message.biz_opaque_callback_data === 'string' ? send.message.biz_opaque_callback_data : undefined,
      errors: metaError ? [metaError] : undefined,
    });
    const record: PublishedStatus = {
      messageId: send.messageId,
      wamid: send.wamid,
      status,
      body: envelopeBody({ field: 'messages', value, messageId: send.messageId, account, phone }),
      publishedAt: new Date().toISOString(),
    };
    published.push(record);
    if (!deliver) return;
    try {
      await deliver(record.body);
      log(`published ${status} for ${send.messageId}`);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      log(`publishing ${status} for ${send.messageId} failed: ${record.error}`);
    }
  }

  // ----- EUM operations -----------------------------------------------------------------------------------------

  const listLinkedWhatsAppBusinessAccounts: EumOperation = async ({ query }) => {
    const maxResultsText = query.get('maxResults');
    const maxResults = maxResultsText === null ? 100 : Number(maxResultsText);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      throw constraintViolation('maxResults', maxResultsText, 'Member must have value between 1 and 100');
    }
    const offset = decodeNextToken(query.get('nextToken'));
    const all = [account.waba];
    const page = all.slice(offset, offset + maxResults);
    const next = offset + page.length;
    return { linkedAccounts: page, ...(next < all.length ? { nextToken: encodeNextToken(next) } : {}) };
  };

  const getLinkedWhatsAppBusinessAccount: EumOperation = async ({ query }) => {
    const waba = findWaba(requireQuery(query, 'id'));
    return { account: { ...waba, phoneNumbers: account.phones } };
  };

  const getLinkedWhatsAppBusinessAccountPhoneNumber: EumOperation = async ({ query }) => {
    const phone = findPhone('id', requireQuery(query, 'id'));
    return { phoneNumber: phone, linkedWhatsAppBusinessAccountId: account.waba.id };
  };

  const sendWhatsAppMessage: EumOperation = async ({ body }) => {
    // Injected EUM errors hit every attempt before anything else, like a throttle at the front door.
    faults.throwIfErrorDue();
    const input = parseMembers(SendBody, body);
    findPhone('originationPhoneNumberId', input.originationPhoneNumberId);
    if (!META_API_VERSION_PATTERN.test(input.metaApiVersion)) {
      throw constraintViolation('metaApiVersion', input.metaApiVersion, `Member must satisfy regular expression pattern: ${META_API_VERSION_PATTERN.source}`);
    }
    const outbound = classifyMessage(decodeMessageBlob(input.message), validators);

    const base = {
      messageId: randomUUID(),
      originationPhoneNumberId: input.originationPhoneNumberId,
      metaApiVersion: input.metaApiVersion,
      message: outbound.payload,
      receivedAt: new Date().toISOString(),
    };
    if (outbound.kind === 'mark_read') {
      sends.push({ ...base, kind: 'mark_read' });
      return { messageId: base.messageId };
    }

    const send = { ...base, kind: 'message' as const, wamid: newWamid(outbound.to) };
    sends.push(send);
    const metaError = faults.takeMetaError();
    const outcome: Array<() => Promise<void>> = metaError
      ? [() => publishStatus(send, 'failed', metaError)]
      : (['sent', 'delivered', 'read'] as const).map((status) => () => publishStatus(send, status));
    steps.run(statusDelayMs, outcome);
    return { messageId: send.messageId };
  };

  const postWhatsAppMessageMedia: EumOperation = async ({ body }) => {
    const input = parseMembers(PostMediaBody, body);
    findPhone('originationPhoneNumberId', input.originationPhoneNumberId);
    const { sourceS3File, sourceS3PresignedUrl } = input;
    if ((sourceS3File === undefined) === (sourceS3PresignedUrl === undefined)) {
      throw new EumError('InvalidParametersException', 'Specify exactly one of sourceS3File or sourceS3PresignedUrl');
    }
    const object = sourceS3File ? await s3.read(sourceS3File) : await fetchPresigned(sourceS3PresignedUrl!.url, sourceS3PresignedUrl!.headers);
    const sourceName = sourceS3File?.key ?? new URL(sourceS3PresignedUrl!.url).pathname;
    if (object.bytes.length === 0) throw new EumError('InvalidParametersException', `The source media ${sourceName} is empty`);
    const stored = media.put(object.bytes, resolveMimeType(object.contentType, sourceName), 'upload');
    return { mediaId: stored.mediaId };
  };

  const getWhatsAppMessageMedia: EumOperation = async ({ body }) => {
    const input = parseMembers(GetMediaBody, body);
    checkMediaId(input.mediaId);
    findPhone('originationPhoneNumberId', input.originationPhoneNumberId);
    const item = media.get(input.mediaId);
    if (!item) throw new EumError('ResourceNotFoundException', `Media ${input.mediaId} was not found`);
    const metadata = { mimeType: item.mimeType, fileSize: item.bytes.length };
    if (input.metadataOnly) return metadata;

    const { destinationS3File, destinationS3PresignedUrl } = input;
    if (destinationS3File && destinationS3PresignedUrl) {
      throw new EumError('InvalidParametersException', 'Specify only one of destinationS3File or destinationS3PresignedUrl');
    }
    if (destinationS3File) {
      // The key is a prefix: the object lands at <key><mediaId>.<mime subtype>.
      const target: S3Location = {
        bucketName: destinationS3File.bucketName,
        key: `${destinationS3File.key}${item.mediaId}.${extensionForMime(item.mimeType)}`,
      };
      await s3.write(target, item.bytes, item.mimeType);
      log(`media ${item.mediaId} written to s3://${target.bucketName}/${target.key}`);
    } else if (destinationS3PresignedUrl) {
      await putPresigned(destinationS3PresignedUrl.url, destinationS3PresignedUrl.headers, item.bytes, item.mimeType);
    } else {
      throw new EumError('InvalidParametersException', 'Specify destinationS3File or destinationS3PresignedUrl, or set metadataOnly');
    }
    return metadata;
  };

  const deleteWhatsAppMessageMedia: EumOperation = async ({ query }) => {
    const mediaId = requireQuery(query, 'mediaId');
    checkMediaId(mediaId);
    findPhone('originationPhoneNumberId', requireQuery(query, 'originationPhoneNumberId'));
    if (!media.delete(mediaId)) throw new EumError('ResourceNotFoundException', `Media ${mediaId} was not found`);
    return { success: true };
  };

  async function publishChange(field: string, value: Record<string, unknown>): Promise<void> {
    const body = envelopeBody({ field, value, account });
    events.push({ field, value, body });
    if (!deliver) return;
    try {
      await deliver(body);
      log(`published ${field} ${String(value.event ?? '')}`);
    } catch (error) {
      log(`publishing ${field} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const checkWaba = (id: string): void => void findWaba(id);
  let baseUrl = '';

  /** METHOD + path exactly as the SDK's schema binds each operation. */
  const operations: Record<string, { name: string; run: EumOperation }> = {
    ...templateOperations({
      state: templates,
      checkWaba,
      publishChange,
      schedule: (delayMs, step) => steps.run(delayMs, [step]),
      reviewDelayMs: opts.templateReviewDelayMs ?? 2000,
      s3,
    }),
    ...flowOperations({ state: flows, checkWaba, waba: account.waba, baseUrl: () => baseUrl }),
    'GET /v1/whatsapp/waba/list': { name: 'ListLinkedWhatsAppBusinessAccounts', run: listLinkedWhatsAppBusinessAccounts },
    'GET /v1/whatsapp/waba/details': { name: 'GetLinkedWhatsAppBusinessAccount', run: getLinkedWhatsAppBusinessAccount },
    'GET /v1/whatsapp/waba/phone/details': { name: 'GetLinkedWhatsAppBusinessAccountPhoneNumber', run: getLinkedWhatsAppBusinessAccountPhoneNumber },
    'POST /v1/whatsapp/send': { name: 'SendWhatsAppMessage', run: sendWhatsAppMessage },
    'POST /v1/whatsapp/media': { name: 'PostWhatsAppMessageMedia', run: postWhatsAppMessageMedia },
    'POST /v1/whatsapp/media/get': { name: 'GetWhatsAppMessageMedia', run: getWhatsAppMessageMedia },
    'DELETE /v1/whatsapp/media': { name: 'DeleteWhatsAppMessageMedia', run: deleteWhatsAppMessageMedia },
  };

  // ----- control API --------------------------------------------------------------------------------------------

  function reset(): void {
    steps.cancelAll();
    sends.length = 0;
    published.length = 0;
    events.length = 0;
    faults.clear();
    media.clear();
    templates.reset();
    flows.reset();
  }

  function seedMedia(input: SeedMediaInput): SeededMedia {
    const bytes = input.bytes ? Buffer.from(input.bytes) : Buffer.from(input.base64 ?? '', 'base64');
    if (bytes.length === 0) throw new Error('seedMedia needs non-empty bytes or base64');
    const stored = media.put(bytes, input.mimeType, 'seeded', input.mediaId);
    return {
      mediaId: stored.mediaId,
      mimeType: stored.mimeType,
      fileSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('base64'),
    };
  }

  const control: Record<string, (body: unknown) => object> = {
    'GET /_standin/health': () => ({ ok: true, wabaId: account.waba.id, phoneNumberIds: account.phones.map((p) => p.phoneNumberId) }),
    'GET /_standin/sends': () => sends,
    'GET /_standin/published': () => published,
    'GET /_standin/faults': () => faults.pending,
    'POST /_standin/reset': () => {
      reset();
      return { ok: true };
    },
    'POST /_standin/faults': (body) => {
      faults.add((body ?? {}) as FaultSpec);
      return { ok: true, pending: faults.pending.length };
    },
    'POST /_standin/media': (body) => {
      const input = SeedMediaBody.parse(body);
      return seedMedia(input);
    },
  };

  // ----- HTTP ---------------------------------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://standin');
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
    const requestId = randomUUID();
    const raw = await readBody(req);

    const flowAsset = /^\/_standin\/flows\/(\d+)\/flow\.json$/.exec(url.pathname);
    if (flowAsset) {
      const json = flows.flows.get(flowAsset[1]!)?.flowJson;
      return json ? sendJson(res, 200, JSON.parse(json)) : sendJson(res, 404, { error: 'no such Flow JSON' });
    }
    if (url.pathname.startsWith('/_standin/')) {
      const action = control[route];
      try {
        if (!action) return sendJson(res, 404, { error: `no control route ${route}` });
        return sendJson(res, 200, action(raw.length ? JSON.parse(raw.toString('utf8')) : undefined));
      } catch (error) {
        return sendJson(res, 400, { error: describeControlError(error) });
      }
    }

    const operation = operations[route];
    let outcome = '200';
    try {
      if (!operation) throw new EumError('UnknownOperationException', `No EUM Social operation is bound to ${route}`);
      if (raw.length > MAX_BODY_BYTES) throw new EumError('ValidationException', 'Request body is too large');
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new EumError('ValidationException', 'Request body is not valid JSON');
        }
      }
      const output = await operation.run({ query: url.searchParams, body });
      sendJson(res, 200, output, { 'x-amzn-requestid': requestId });
    } catch (error) {
      const eum =
        error instanceof EumError
          ? error
          : new EumError('InternalServiceException', `Stand-in failure: ${error instanceof Error ? error.message : String(error)}`);
      outcome = `${eum.status} ${eum.name}`;
      sendJson(res, eum.status, { message: eum.message }, { 'x-amzn-requestid': requestId, 'x-amzn-errortype': eum.name });
      if (!(error instanceof EumError)) log(`unexpected error in ${route}: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      log(`${operation?.name ?? route} -> ${outcome} (${Date.now() - started} ms)`);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log(`request failed: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'stand-in failure' }, { 'x-amzn-errortype': 'InternalServiceException' });
      else res.destroy();
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
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    sends,
    published,
    events,
    templates,
    flows,
    idle: () => steps.idle(),
    reset,
    injectFault: (spec) => faults.add(spec),
    seedMedia,
    close: async () => {
      steps.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      sns?.destroy();
      s3.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function describeControlError(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** Pagination tokens are opaque to callers; here they are the base64 of the next offset. */
function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeNextToken(token: string | null): number {
  if (token === null || token === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new EumError('InvalidParametersException', 'The nextToken is not valid');
}
