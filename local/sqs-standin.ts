/**
 * Local SQS that speaks the real awsJson1_0 wire protocol (`X-Amz-Target: AmazonSQS.<Op>`, query-compatible errors),
 * so the unmodified `@aws-sdk/client-sqs` works against it with only `endpoint` set. Standard-queue semantics:
 * visibility timeouts, receive counts, long polling, and the MD5 digests AWS returns (the SDK verifies them).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SqsStandinOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  logger?: (line: string) => void;
}

/** A message attribute as it travels in awsJson: binary values are base64 strings. */
export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
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

interface StoredMessage {
  id: string;
  body: string;
  attributes: Record<string, SqsMessageAttribute>;
  systemAttributes: Record<string, SqsMessageAttribute>;
  md5OfBody: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Only the latest receipt handle may delete or change visibility, as on AWS. */
  receiptHandle?: string;
}

interface Queue {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  messages: StoredMessage[];
  /** Long-polling receivers waiting for a message to become visible. */
  waiters: Set<() => void>;
}

type Json = Record<string, unknown>;

/** Queue attribute defaults AWS applies when CreateQueue omits them. */
const DEFAULT_QUEUE_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MessageRetentionPeriod: '345600',
  MaximumMessageSize: '1048576',
  ReceiveMessageWaitTimeSeconds: '0',
};
/** SQS's payload limit since August 2025 (body + attributes). */
const MAX_MESSAGE_BYTES = 1_048_576;
const MAX_REQUEST_BYTES = 8 * 1_048_576;

/**
 * A query-compatible SQS error: the JSON body carries `__type`, and `x-amzn-query-error` carries the legacy
 * awsQuery code, which the SDK (awsQueryCompatible) maps to the modelled exception class.
 */
class SqsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const errors = {
  queueDoesNotExist: () =>
    new SqsError(400, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.'),
  invalidParameter: (message: string) => new SqsError(400, 'InvalidParameterValueException', 'InvalidParameterValue', message),
  missingParameter: (name: string) =>
    new SqsError(400, 'MissingRequiredParameterException', 'MissingParameter', `The request must contain the parameter ${name}.`),
  receiptHandleInvalid: (handle: string) =>
    new SqsError(404, 'ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () =>
    new SqsError(400, 'MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message is not in flight.'),
  queueNameExists: (name: string) =>
    new SqsError(400, 'QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name (${name}) and different attributes.`),
  emptyBatch: () => new SqsError(400, 'EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one entry in the request.'),
  tooManyEntries: () =>
    new SqsError(400, 'TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.'),
  idsNotDistinct: () =>
    new SqsError(400, 'BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
  invalidBatchEntryId: () =>
    new SqsError(400, 'InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'),
  unsupported: (op: string) =>
    new SqsError(400, 'UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `The stand-in does not support ${op}.`),
};

export async function startSqsStandin(opts: SqsStandinOptions = {}): Promise<SqsStandin> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const log = opts.logger ?? ((line: string) => console.log(line));
  const queues = new Map<string, Queue>(); // by name
  let baseUrl = ''; // known once listening
  let closed = false;

  function createQueue(name: string, attributes: Record<string, string> = {}): string {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw errors.invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    if (name.endsWith('.fifo') || attributes.FifoQueue === 'true') throw errors.unsupported('FIFO queues');
    const existing = queues.get(name);
    if (existing) {
      // CreateQueue is idempotent only when the requested attributes match the existing ones.
      const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
      if (differs) throw errors.queueNameExists(name);
      return existing.url;
    }
    const now = Date.now();
    queues.set(name, {
      name,
      url: `${baseUrl}/${accountId}/${name}`,
      arn: `arn:aws:sqs:${region}:${accountId}:${name}`,
      attributes: { ...DEFAULT_QUEUE_ATTRIBUTES, ...attributes },
      createdAt: now,
      modifiedAt: now,
      messages: [],
      waiters: new Set(),
    });
    log(`[sqs] created queue ${name}`);
    return `${baseUrl}/${accountId}/${name}`;
  }

  /** Resolves a QueueUrl by its path (`/<account>/<name>`), so any host that reached us is accepted. */
  function queueByUrl(queueUrl: unknown): Queue {
    if (typeof queueUrl !== 'string' || !queueUrl) throw errors.missingParameter('QueueUrl');
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      throw errors.queueDoesNotExist();
    }
    const [, account, name, ...rest] = path.split('/');
    const queue = account === accountId && rest.length === 0 && name ? queues.get(name) : undefined;
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  }

  /** Drops messages older than the retention period, as SQS does. */
  function expire(queue: Queue, now: number): void {
    const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    queue.messages = queue.messages.filter((m) => now - m.sentAt < retentionMs);
  }

  function wake(queue: Queue): void {
    for (const w of [...queue.waiters]) w();
  }

  function enqueue(queue: Queue, entry: Json): Json {
    const body = entry.MessageBody;
    if (typeof body !== 'string' || body.length === 0) throw errors.missingParameter('MessageBody');
    // The characters SQS allows: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (no lone surrogates).
    if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(body)) {
      throw new SqsError(400, 'InvalidMessageContents', 'InvalidMessageContents', 'Invalid characters found in the message body.');
    }
    const attributes = validateAttributes(entry.MessageAttributes, 'message attribute');
    const systemAttributes = validateAttributes(entry.MessageSystemAttributes, 'message system attribute');
    const size = Buffer.byteLength(body) + attributesSize(attributes);
    if (size > Number(queue.attributes.MaximumMessageSize ?? MAX_MESSAGE_BYTES)) {
      throw errors.invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${queue.attributes.MaximumMessageSize} bytes.`);
    }
    const delaySeconds = entry.DelaySeconds ?? Number(queue.attributes.DelaySeconds);
    if (typeof delaySeconds !== 'number' || !Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw errors.invalidParameter('Value for parameter DelaySeconds is invalid. Reason: Must be >= 0 and <= 900.');
    }
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      attributes,
      systemAttributes,
      md5OfBody: md5(body),
      sentAt: now,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    wake(queue);
    const out: Json = { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
    if (Object.keys(attributes).length > 0) out.MD5OfMessageAttributes = md5OfMessageAttributes(attributes);
    if (Object.keys(systemAttributes).length > 0) out.MD5OfMessageSystemAttributes = md5OfMessageAttributes(systemAttributes);
    return out;
  }

  function takeVisible(queue: Queue, max: number, visibilityTimeout: number, req: Json): Json[] {
    const now = Date.now();
    expire(queue, now);
    const taken: Json[] = [];
    for (const m of queue.messages) {
      if (taken.length >= max) break;
      if (m.visibleAt > now) continue;
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.visibleAt = now + visibilityTimeout * 1000;
      m.receiptHandle = Buffer.from(JSON.stringify({ q: queue.name, m: m.id, r: randomUUID() })).toString('base64');
      taken.push(renderReceived(m, req));
    }
    return taken;
  }

  function renderReceived(m: StoredMessage, req: Json): Json {
    const out: Json = { MessageId: m.id, ReceiptHandle: m.receiptHandle, MD5OfBody: m.md5OfBody, Body: m.body };
    const system: Record<string, string> = {
      SenderId: accountId,
      SentTimestamp: String(m.sentAt),
      ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    };
    const traceHeader = m.systemAttributes.AWSTraceHeader?.StringValue;
    if (traceHeader) system.AWSTraceHeader = traceHeader;
    // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; the SDK may send either.
    const wanted = [...stringList(req.AttributeNames), ...stringList(req.MessageSystemAttributeNames)];
    const picked = Object.fromEntries(
      Object.entries(system).filter(([k]) => wanted.includes('All') || wanted.includes(k)),
    );
    if (Object.keys(picked).length > 0) out.Attributes = picked;
    const names = stringList(req.MessageAttributeNames);
    const attributes = Object.fromEntries(
      Object.entries(m.attributes).filter(([k]) => names.some((n) => attributeNameMatches(n, k))),
    );
    if (Object.keys(attributes).length > 0) {
      out.MessageAttributes = attributes;
      out.MD5OfMessageAttributes = md5OfMessageAttributes(attributes);
    }
    return out;
  }

  async function receive(req: Json): Promise<Json> {
    const queue = queueByUrl(req.QueueUrl);
    const max = intParam(req.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 1);
    const visibilityTimeout = intParam(req.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200, Number(queue.attributes.VisibilityTimeout));
    const waitSeconds = intParam(req.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20, Number(queue.attributes.ReceiveMessageWaitTimeSeconds));
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const messages = takeVisible(queue, max, visibilityTimeout, req);
      const remaining = deadline - Date.now();
      if (messages.length > 0 || remaining <= 0 || closed) return messages.length > 0 ? { Messages: messages } : {};
      // Sleep until a send wakes us, the next hidden message reappears, or the long poll ends.
      const nextVisible = Math.min(...queue.messages.map((m) => m.visibleAt).filter((t) => t > Date.now()), Infinity);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          queue.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(1, Math.min(remaining, nextVisible - Date.now())));
        queue.waiters.add(done);
      });
    }
  }

  /** Finds the message a receipt handle belongs to; `stale` when a later receive issued a newer handle. */
  function byReceiptHandle(queue: Queue, handle: unknown): { message?: StoredMessage; stale: boolean } {
    if (typeof handle !== 'string' || !handle) throw errors.missingParameter('ReceiptHandle');
    let parsed: { q?: unknown; m?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as { q?: unknown; m?: unknown };
    } catch {
      throw errors.receiptHandleInvalid(handle);
    }
    if (parsed.q !== queue.name || typeof parsed.m !== 'string') throw errors.receiptHandleInvalid(handle);
    const message = queue.messages.find((m) => m.id === parsed.m);
    return { message, stale: message !== undefined && message.receiptHandle !== handle };
  }

  function deleteMessage(queue: Queue, handle: unknown): void {
    const { message, stale } = byReceiptHandle(queue, handle);
    // AWS answers success for an already deleted message and for a stale handle (without deleting).
    if (message && !stale) queue.messages = queue.messages.filter((m) => m !== message);
  }

  function changeVisibility(queue: Queue, handle: unknown, timeout: unknown): void {
    const seconds = intParam(timeout, 'VisibilityTimeout', 0, 43_200);
    const { message, stale } = byReceiptHandle(queue, handle);
    const now = Date.now();
    if (!message || stale || message.visibleAt <= now) throw errors.messageNotInflight();
    message.visibleAt = now + seconds * 1000;
    if (seconds === 0) wake(queue);
  }

  function queueAttributes(queue: Queue, names: string[]): Record<string, string> {
    const now = Date.now();
    expire(queue, now);
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queue.arn,
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
      ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
      ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length),
    };
    if (names.includes('All')) return all;
    return Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
  }

  async function handle(op: string, req: Json): Promise<Json> {
    switch (op) {
      case 'CreateQueue': {
        if (typeof req.QueueName !== 'string') throw errors.missingParameter('QueueName');
        return { QueueUrl: createQueue(req.QueueName, stringMap(req.Attributes)) };
      }
      case 'GetQueueUrl': {
        const queue = typeof req.QueueName === 'string' ? queues.get(req.QueueName) : undefined;
        if (!queue) throw errors.queueDoesNotExist();
        return { QueueUrl: queue.url };
      }
      case 'ListQueues': {
        const prefix = typeof req.QueueNamePrefix === 'string' ? req.QueueNamePrefix : '';
        const urls = [...queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => q.url);
        const start = typeof req.NextToken === 'string' ? Number(Buffer.from(req.NextToken, 'base64').toString()) || 0 : 0;
        const max = req.MaxResults === undefined ? 1000 : intParam(req.MaxResults, 'MaxResults', 1, 1000);
        const page = urls.slice(start, start + max);
        const out: Json = {};
        if (page.length > 0) out.QueueUrls = page;
        if (req.MaxResults !== undefined && start + max < urls.length) {
          out.NextToken = Buffer.from(String(start + max)).toString('base64');
        }
        return out;
      }
      case 'DeleteQueue': {
        const queue = queueByUrl(req.QueueUrl);
        queues.delete(queue.name);
        wake(queue);
        return {};
      }
      case 'GetQueueAttributes': {
        const queue = queueByUrl(req.QueueUrl);
        const attributes = queueAttributes(queue, stringList(req.AttributeNames));
        return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
      }
      case 'SetQueueAttributes': {
        const queue = queueByUrl(req.QueueUrl);
        Object.assign(queue.attributes, stringMap(req.Attributes));
        queue.modifiedAt = Date.now();
        return {};
      }
      case 'PurgeQueue': {
        const queue = queueByUrl(req.QueueUrl);
        queue.messages = [];
        return {};
      }
      case 'SendMessage':
        return enqueue(queueByUrl(req.QueueUrl), req);
      case 'SendMessageBatch': {
        const queue = queueByUrl(req.QueueUrl);
        return batch(req.Entries, (entry) => enqueue(queue, entry));
      }
      case 'ReceiveMessage':
        return receive(req);
      case 'DeleteMessage':
        deleteMessage(queueByUrl(req.QueueUrl), req.ReceiptHandle);
        return {};
      case 'DeleteMessageBatch': {
        const queue = queueByUrl(req.QueueUrl);
        return batch(req.Entries, (entry) => {
          deleteMessage(queue, entry.ReceiptHandle);
          return {};
        });
      }
      case 'ChangeMessageVisibility':
        changeVisibility(queueByUrl(req.QueueUrl), req.ReceiptHandle, req.VisibilityTimeout);
        return {};
      case 'ChangeMessageVisibilityBatch': {
        const queue = queueByUrl(req.QueueUrl);
        return batch(req.Entries, (entry) => {
          changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
          return {};
        });
      }
      default:
        throw errors.unsupported(op || 'an empty X-Amz-Target');
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      void (async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const op = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
        let status = 200;
        let body: Json;
        const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() };
        try {
          if (size > MAX_REQUEST_BYTES) throw errors.invalidParameter('Request too large');
          let input: unknown;
          try {
            input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          } catch {
            throw new SqsError(400, 'SerializationException', 'SerializationException', 'Malformed JSON body');
          }
          if (typeof input !== 'object' || input === null || Array.isArray(input)) {
            throw new SqsError(400, 'SerializationException', 'SerializationException', 'Body must be a JSON object');
          }
          body = await handle(op, input as Json);
        } catch (err) {
          const e = err instanceof SqsError ? err : new SqsError(500, 'InternalError', 'InternalError', String(err), 'Receiver');
          if (!(err instanceof SqsError)) log(`[sqs] internal error in ${op}: ${String(err)}`);
          status = e.status;
          body = { __type: `com.amazonaws.sqs#${e.type}`, message: e.message };
          headers['x-amzn-query-error'] = `${e.queryCode};${e.fault}`;
        }
        res.writeHead(status, headers);
        res.end(JSON.stringify(body));
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  log(`[sqs] stand-in listening on ${baseUrl}`);

  return {
    url: baseUrl,
    port,
    createQueue: (name) => createQueue(name),
    messages(queueUrl) {
      const queue = queueByUrl(queueUrl);
      const now = Date.now();
      expire(queue, now);
      return queue.messages.map((m) => ({
        messageId: m.id,
        body: m.body,
        messageAttributes: m.attributes,
        sentAt: new Date(m.sentAt).toISOString(),
        receiveCount: m.receiveCount,
        visible: m.visibleAt <= now,
      }));
    },
    async close() {
      closed = true;
      for (const queue of queues.values()) wake(queue); // end long polls so connections can drain
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 100).unref();
      });
    },
  };
}

/** Runs each batch entry independently: per-entry failures go to `Failed`, request-level ones throw. */
function batch(entries: unknown, run: (entry: Json) => Json): Json {
  if (!Array.isArray(entries) || entries.length === 0) throw errors.emptyBatch();
  if (entries.length > 10) throw errors.tooManyEntries();
  const list = entries as Json[];
  const ids = list.map((e) => e.Id);
  if (ids.some((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id))) throw errors.invalidBatchEntryId();
  if (new Set(ids).size !== ids.length) throw errors.idsNotDistinct();
  const Successful: Json[] = [];
  const Failed: Json[] = [];
  for (const entry of list) {
    try {
      Successful.push({ Id: entry.Id, ...run(entry) });
    } catch (err) {
      if (!(err instanceof SqsError)) throw err;
      Failed.push({ Id: entry.Id, SenderFault: err.fault === 'Sender', Code: err.queryCode, Message: err.message });
    }
  }
  return { Successful, Failed };
}

function validateAttributes(raw: unknown, what: string): Record<string, SqsMessageAttribute> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidParameter(`Invalid ${what}s.`);
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const a = (value ?? {}) as SqsMessageAttribute;
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw errors.invalidParameter(`The ${what} name '${name}' is invalid.`);
    }
    if (typeof a.DataType !== 'string' || !/^(String|Number|Binary)(\..+)?$/.test(a.DataType)) {
      throw errors.invalidParameter(`The type of ${what} '${name}' is invalid.`);
    }
    const isBinary = a.DataType.startsWith('Binary');
    const ok = isBinary ? typeof a.BinaryValue === 'string' : typeof a.StringValue === 'string' && a.StringValue !== '';
    if (!ok) throw errors.invalidParameter(`The ${what} '${name}' must contain a non-empty value of type '${a.DataType}'.`);
    out[name] = isBinary
      ? { DataType: a.DataType, BinaryValue: a.BinaryValue }
      : { DataType: a.DataType, StringValue: a.StringValue };
  }
  if (Object.keys(out).length > 10) throw errors.invalidParameter(`Number of ${what}s exceeds the allowed maximum [10].`);
  return out;
}

function attributesSize(attributes: Record<string, SqsMessageAttribute>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, a]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(a.DataType) +
      (a.StringValue !== undefined ? Buffer.byteLength(a.StringValue) : 0) +
      (a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : 0),
    0,
  );
}

/** `All` and `.*` match everything; `prefix.*` matches by prefix; otherwise exact name. */
function attributeNameMatches(pattern: string, name: string): boolean {
  if (pattern === 'All' || pattern === '.*') return true;
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * MD5OfMessageAttributes exactly as SQS computes it (and the Java/.NET SDKs verify it): attributes sorted by name;
 * for each, length-prefixed (4-byte big-endian) name and data type, one transport byte (1 string, 2 binary,
 * 3 string list, 4 binary list), then the length-prefixed value(s).
 */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttribute>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    parts.push(len, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(a.DataType, 'utf8'));
    if (a.StringValue !== undefined) {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(a.StringValue, 'utf8'));
    } else if (a.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(a.BinaryValue, 'base64'));
    } else if (a.StringListValues !== undefined) {
      parts.push(Buffer.from([3]));
      for (const v of a.StringListValues) lengthPrefixed(Buffer.from(v, 'utf8'));
    } else if (a.BinaryListValues !== undefined) {
      parts.push(Buffer.from([4]));
      for (const v of a.BinaryListValues) lengthPrefixed(Buffer.from(v, 'base64'));
    }
  }
  return md5(Buffer.concat(parts));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function intParam(value: unknown, name: string, min: number, max: number, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw errors.missingParameter(name);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw errors.invalidParameter(`Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`);
  }
  return value;
}
