import { randomUUID } from 'node:crypto';
import {
  DEFAULT_QUEUE_ATTRIBUTES,
  attributeNameMatches,
  attributesSize,
  errors,
  md5,
  md5OfMessageAttributes,
  stringList,
  validateAttributes,
  type Json,
  type SqsMessageAttribute,
} from './protocol';

/**
 * What the SQS stand-in remembers: queues and their messages, with standard-queue semantics (visibility timeouts,
 * receive counts, retention, delays). Long-polling receivers wait on a queue's `waiters` and are woken by a send.
 */

export interface StoredMessage {
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

export interface Queue {
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

// The characters SQS allows: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (no lone surrogates).
const FORBIDDEN_BODY_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export class SqsState {
  readonly queues = new Map<string, Queue>(); // by name
  /** Set once the server listens: queue URLs carry it. */
  baseUrl = '';
  closed = false;

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly log: (line: string) => void,
  ) {}

  createQueue(name: string, attributes: Record<string, string> = {}): string {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw errors.invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    if (name.endsWith('.fifo') || attributes.FifoQueue === 'true') throw errors.unsupported('FIFO queues');
    const existing = this.queues.get(name);
    if (existing) {
      // CreateQueue is idempotent only when the requested attributes match the existing ones.
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) throw errors.queueNameExists(name);
      return existing.url;
    }
    const now = Date.now();
    const url = `${this.baseUrl}/${this.accountId}/${name}`;
    const arn = `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
    const attrs = { ...DEFAULT_QUEUE_ATTRIBUTES, ...attributes };
    this.queues.set(name, { name, url, arn, attributes: attrs, createdAt: now, modifiedAt: now, messages: [], waiters: new Set() });
    this.log(`[sqs] created queue ${name}`);
    return url;
  }

  /** Resolves a QueueUrl by its path (`/<account>/<name>`), so any host that reached us is accepted. */
  queueByUrl(queueUrl: unknown): Queue {
    if (typeof queueUrl !== 'string' || !queueUrl) throw errors.missingParameter('QueueUrl');
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      throw errors.queueDoesNotExist();
    }
    const [, account, name, ...rest] = path.split('/');
    const queue = account === this.accountId && rest.length === 0 && name ? this.queues.get(name) : undefined;
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  }

  /** Drops messages older than the retention period, as SQS does. */
  expire(queue: Queue, now = Date.now()): void {
    const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    queue.messages = queue.messages.filter((m) => now - m.sentAt < retentionMs);
  }

  wake(queue: Queue): void {
    for (const w of [...queue.waiters]) w();
  }

  enqueue(queue: Queue, entry: Json): Json {
    const body = entry.MessageBody;
    if (typeof body !== 'string' || body.length === 0) throw errors.missingParameter('MessageBody');
    if (FORBIDDEN_BODY_CHARACTERS.test(body)) throw errors.invalidContents();
    const attributes = validateAttributes(entry.MessageAttributes, 'message attribute');
    const systemAttributes = validateAttributes(entry.MessageSystemAttributes, 'message system attribute');
    const size = Buffer.byteLength(body) + attributesSize(attributes);
    if (size > Number(queue.attributes.MaximumMessageSize)) {
      throw errors.invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${queue.attributes.MaximumMessageSize} bytes.`);
    }
    const delaySeconds = entry.DelaySeconds ?? Number(queue.attributes.DelaySeconds);
    if (typeof delaySeconds !== 'number' || !Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw errors.invalidParameter('Value for parameter DelaySeconds is invalid. Reason: Must be >= 0 and <= 900.');
    }
    const now = Date.now();
    const id = randomUUID();
    const message: StoredMessage = { id, body, attributes, systemAttributes, md5OfBody: md5(body), sentAt: now, visibleAt: now + delaySeconds * 1000, receiveCount: 0 };
    queue.messages.push(message);
    this.wake(queue);
    const out: Json = { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
    if (Object.keys(attributes).length > 0) out.MD5OfMessageAttributes = md5OfMessageAttributes(attributes);
    if (Object.keys(systemAttributes).length > 0) out.MD5OfMessageSystemAttributes = md5OfMessageAttributes(systemAttributes);
    return out;
  }

  /** Marks up to `max` visible messages received (new receipt handle, hidden for the visibility timeout). */
  takeVisible(queue: Queue, max: number, visibilityTimeout: number, req: Json): Json[] {
    const now = Date.now();
    this.expire(queue, now);
    const taken: Json[] = [];
    for (const m of queue.messages) {
      if (taken.length >= max) break;
      if (m.visibleAt > now) continue;
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.visibleAt = now + visibilityTimeout * 1000;
      m.receiptHandle = Buffer.from(JSON.stringify({ q: queue.name, m: m.id, r: randomUUID() })).toString('base64');
      taken.push(this.renderReceived(m, req));
    }
    return taken;
  }

  private renderReceived(m: StoredMessage, req: Json): Json {
    const out: Json = { MessageId: m.id, ReceiptHandle: m.receiptHandle, MD5OfBody: m.md5OfBody, Body: m.body };
    const system: Record<string, string> = {
      SenderId: this.accountId,
      SentTimestamp: String(m.sentAt),
      ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    };
    const traceHeader = m.systemAttributes.AWSTraceHeader?.StringValue;
    if (traceHeader) system.AWSTraceHeader = traceHeader;
    // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; the SDK may send either.
    const wanted = [...stringList(req.AttributeNames), ...stringList(req.MessageSystemAttributeNames)];
    const picked = Object.fromEntries(Object.entries(system).filter(([k]) => wanted.includes('All') || wanted.includes(k)));
    if (Object.keys(picked).length > 0) out.Attributes = picked;
    const names = stringList(req.MessageAttributeNames);
    const attributes = Object.fromEntries(Object.entries(m.attributes).filter(([k]) => names.some((n) => attributeNameMatches(n, k))));
    if (Object.keys(attributes).length > 0) {
      out.MessageAttributes = attributes;
      out.MD5OfMessageAttributes = md5OfMessageAttributes(attributes);
    }
    return out;
  }

  /** Finds the message a receipt handle belongs to; `stale` when a later receive issued a newer handle. */
  byReceiptHandle(queue: Queue, handle: unknown): { message?: StoredMessage; stale: boolean } {
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

  queueAttributes(queue: Queue, names: string[]): Record<string, string> {
    const now = Date.now();
    this.expire(queue, now);
    const hidden = queue.messages.filter((m) => m.visibleAt > now);
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queue.arn,
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
      ApproximateNumberOfMessages: String(queue.messages.length - hidden.length),
      ApproximateNumberOfMessagesNotVisible: String(hidden.filter((m) => m.receiveCount > 0).length),
      ApproximateNumberOfMessagesDelayed: String(hidden.filter((m) => m.receiveCount === 0).length),
    };
    if (names.includes('All')) return all;
    return Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
  }
}
