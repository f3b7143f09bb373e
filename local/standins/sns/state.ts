import { randomBytes, randomUUID } from 'node:crypto';
import type { SNSEvent, SNSMessage, SNSMessageAttributes } from 'aws-lambda';
import { ConcurrencyLimit, wakeableSleep } from '../shared/http';
import { QueryError, invalidParameter, signatureFor } from './protocol';

/**
 * What the SNS stand-in remembers: topics, their Lambda subscriptions, what was published and what could not be
 * delivered. Delivery is asynchronous to Publish and retried like Lambda's asynchronous invocation (1 + 2 retries
 * with back-off); what still fails is recorded in `failures` instead of being swallowed.
 */

export type DeliverFn = (event: SNSEvent) => Promise<void>;

export interface SubscribeOptions {
  /** Total attempts; Lambda's asynchronous invocation makes 1 + 2 retries. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles for each further retry (Lambda backs off the same way, in minutes). */
  retryDelayMs?: number;
  /** Deliveries in progress at once, like a function's reserved concurrency; the rest wait (default: no limit). */
  maxConcurrency?: number;
}

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  message: string;
  at: string;
}

export interface DeliveryFailure {
  messageId: string;
  subscriptionArn: string;
  error: string;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  endpoint: string;
  deliver: DeliverFn;
  maxAttempts: number;
  retryDelayMs: number;
  limit?: ConcurrencyLimit;
}

export interface Topic {
  arn: string;
  subscriptions: Subscription[];
}

export class SnsState {
  readonly topics = new Map<string, Topic>(); // by ARN
  readonly published: PublishedMessage[] = [];
  readonly failures: DeliveryFailure[] = [];
  readonly pending = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  // One cert name per server, like the per-region signing cert of real SNS.
  private readonly signingCertUrl: string;
  closed = false;

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly log: (line: string) => void,
  ) {
    this.signingCertUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
  }

  createTopic(name: string): string {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw invalidParameter('Topic Name');
    const arn = `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
    if (!this.topics.has(arn)) this.topics.set(arn, { arn, subscriptions: [] });
    return arn;
  }

  requireTopic(arn: string | undefined | null): Topic {
    const topic = arn ? this.topics.get(arn) : undefined;
    if (!topic) throw new QueryError(404, 'NotFound', 'Topic does not exist');
    return topic;
  }

  addSubscription(topic: Topic, endpoint: string, deliver: DeliverFn, o: SubscribeOptions = {}): string {
    const sub: Subscription = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      endpoint,
      deliver,
      maxAttempts: Math.max(1, o.maxAttempts ?? 3),
      retryDelayMs: Math.max(0, o.retryDelayMs ?? 200),
      limit: o.maxConcurrency ? new ConcurrencyLimit(o.maxConcurrency) : undefined,
    };
    topic.subscriptions.push(sub);
    this.log(`[sns] subscribed ${endpoint} to ${topic.arn}`);
    return sub.arn;
  }

  /** Records the message and starts one asynchronous delivery per subscription. */
  publish(topic: Topic, message: string, subject: string | undefined, attributes: SNSMessageAttributes): string {
    const messageId = randomUUID();
    const timestamp = new Date().toISOString();
    this.published.push({ messageId, topicArn: topic.arn, message, at: timestamp });
    this.log(`[sns] published ${messageId} to ${topic.arn} (${topic.subscriptions.length} subscription(s))`);
    for (const sub of topic.subscriptions) {
      const sns = {
        Type: 'Notification',
        MessageId: messageId,
        TopicArn: topic.arn,
        // AWS sends an explicit null when there is no subject; the aws-lambda typing only allows undefined.
        Subject: (subject ?? null) as string | undefined,
        Message: message,
        Timestamp: timestamp,
        SignatureVersion: '1',
        Signature: signatureFor(messageId, message, timestamp),
        SigningCertUrl: this.signingCertUrl,
        UnsubscribeUrl: `https://sns.${this.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub.arn}`,
        MessageAttributes: attributes,
      } satisfies SNSMessage;
      const event: SNSEvent = { Records: [{ EventVersion: '1.0', EventSubscriptionArn: sub.arn, EventSource: 'aws:sns', Sns: sns }] };
      const task = this.deliverWithRetries(sub, event, messageId).finally(() => this.pending.delete(task));
      this.pending.add(task);
    }
    return messageId;
  }

  private async deliverWithRetries(sub: Subscription, event: SNSEvent, messageId: string): Promise<void> {
    // Let the Publish response go out first: SNS delivery is asynchronous to the publisher.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let lastError = 'not attempted';
    for (let attempt = 1; attempt <= sub.maxAttempts; attempt++) {
      if (attempt > 1) {
        if (!this.closed) await wakeableSleep(sub.retryDelayMs * 2 ** (attempt - 2), this.sleepers);
        if (this.closed) {
          lastError += ' (stand-in closed before the next retry)';
          break;
        }
      }
      try {
        await (sub.limit ? sub.limit.run(() => sub.deliver(event)) : sub.deliver(event));
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        this.log(`[sns] delivery of ${messageId} to ${sub.endpoint} failed (attempt ${attempt}/${sub.maxAttempts}): ${lastError}`);
      }
    }
    this.failures.push({ messageId, subscriptionArn: sub.arn, error: lastError });
    this.log(`[sns] GAVE UP delivering ${messageId} to ${sub.endpoint}: ${lastError}`);
  }

  async idle(): Promise<void> {
    // Loop: a delivery may publish again (e.g. a handler that fans out) while we wait.
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Cuts retry back-offs short; deliveries still in flight then give up instead of retrying. */
  stopRetrying(): void {
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
  }
}
