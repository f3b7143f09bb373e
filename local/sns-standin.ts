/**
 * Local SNS that speaks the real awsQuery wire protocol (form-encoded POST, XML responses), so the unmodified
 * `@aws-sdk/client-sns` works against it with only `endpoint` set. Publish delivers asynchronously to Lambda
 * subscriptions in the exact SNS→Lambda event shape, retrying failures like Lambda's asynchronous invocation
 * (1 + 2 retries) and recording what still failed, instead of swallowing it as serverless-offline-sns does.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSEvent, SNSMessage, SNSMessageAttributes } from 'aws-lambda';

export type DeliverFn = (event: SNSEvent) => Promise<void>;
export type InvokeLambdaFn = (functionName: string, event: SNSEvent) => Promise<void>;

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

export interface SubscribeOptions {
  /** Total attempts; Lambda's asynchronous invocation makes 1 + 2 retries. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles for each further retry (Lambda backs off the same way, in minutes). */
  retryDelayMs?: number;
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

interface Subscription {
  arn: string;
  topicArn: string;
  endpoint: string;
  deliver: DeliverFn;
  maxAttempts: number;
  retryDelayMs: number;
}

interface Topic {
  arn: string;
  subscriptions: Subscription[];
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SNS's limit for a message, body and attributes together. */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_REQUEST_BYTES = 1_048_576;
const CLOSE_DRAIN_MS = 5_000;

/** An awsQuery error; `status` must match the model's httpError so the SDK picks the right exception class. */
class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export async function startSnsStandin(opts: SnsStandinOptions = {}): Promise<SnsStandin> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const log = opts.logger ?? ((line: string) => console.log(line));
  const topics = new Map<string, Topic>(); // by ARN
  const published: PublishedMessage[] = [];
  const failures: DeliveryFailure[] = [];
  const pending = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  // One cert name per server, like the per-region signing cert of real SNS.
  const signingCertUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
  let closed = false;

  const topicArnFor = (name: string) => `arn:aws:sns:${region}:${accountId}:${name}`;

  function createTopic(name: string): string {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
      throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Topic Name');
    }
    const arn = topicArnFor(name);
    if (!topics.has(arn)) topics.set(arn, { arn, subscriptions: [] });
    return arn;
  }

  function requireTopic(arn: string | undefined): Topic {
    const topic = arn ? topics.get(arn) : undefined;
    if (!topic) throw new QueryError(404, 'NotFound', 'Topic does not exist');
    return topic;
  }

  function addSubscription(topic: Topic, endpoint: string, deliver: DeliverFn, o: SubscribeOptions = {}): string {
    const sub: Subscription = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      endpoint,
      deliver,
      maxAttempts: Math.max(1, o.maxAttempts ?? 3),
      retryDelayMs: Math.max(0, o.retryDelayMs ?? 200),
    };
    topic.subscriptions.push(sub);
    log(`[sns] subscribed ${endpoint} to ${topic.arn}`);
    return sub.arn;
  }

  function subscribe(topicArn: string, deliver: DeliverFn, o?: SubscribeOptions): string {
    const topic = requireTopic(topicArn);
    const label = deliver.name || 'in-process';
    return addSubscription(topic, `arn:aws:lambda:${region}:${accountId}:function:${label}`, deliver, o);
  }

  function sleep(ms: number): Promise<void> {
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

  async function deliverWithRetries(sub: Subscription, event: SNSEvent, messageId: string): Promise<void> {
    // Let the Publish response go out first: SNS delivery is asynchronous to the publisher.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let lastError = 'not attempted';
    for (let attempt = 1; attempt <= sub.maxAttempts; attempt++) {
      if (attempt > 1) {
        if (!closed) await sleep(sub.retryDelayMs * 2 ** (attempt - 2));
        if (closed) {
          lastError += ' (stand-in closed before the next retry)';
          break;
        }
      }
      try {
        await sub.deliver(event);
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        log(`[sns] delivery of ${messageId} to ${sub.endpoint} failed (attempt ${attempt}/${sub.maxAttempts}): ${lastError}`);
      }
    }
    failures.push({ messageId, subscriptionArn: sub.arn, error: lastError });
    log(`[sns] GAVE UP delivering ${messageId} to ${sub.endpoint}: ${lastError}`);
  }

  function publish(topic: Topic, message: string, subject: string | undefined, attributes: SNSMessageAttributes): string {
    const messageId = randomUUID();
    const timestamp = new Date().toISOString();
    published.push({ messageId, topicArn: topic.arn, message, at: timestamp });
    log(`[sns] published ${messageId} to ${topic.arn} (${topic.subscriptions.length} subscription(s))`);
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
        SigningCertUrl: signingCertUrl,
        UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub.arn}`,
        MessageAttributes: attributes,
      } satisfies SNSMessage;
      const event: SNSEvent = {
        Records: [{ EventVersion: '1.0', EventSubscriptionArn: sub.arn, EventSource: 'aws:sns', Sns: sns }],
      };
      const task = deliverWithRetries(sub, event, messageId).finally(() => pending.delete(task));
      pending.add(task);
    }
    return messageId;
  }

  async function idle(): Promise<void> {
    // Loop: a delivery may publish again (e.g. a handler that fans out) while we wait.
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  function handleAction(params: URLSearchParams): string {
    const action = params.get('Action') ?? '';
    switch (action) {
      case 'CreateTopic': {
        const name = params.get('Name');
        if (!name) throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Topic Name');
        return queryResponse(action, `<TopicArn>${xml(createTopic(name))}</TopicArn>`);
      }
      case 'ListTopics': {
        const members = [...topics.keys()].map((arn) => `<member><TopicArn>${xml(arn)}</TopicArn></member>`);
        return queryResponse(action, `<Topics>${members.join('')}</Topics>`);
      }
      case 'Publish': {
        if (params.has('TargetArn') || params.has('PhoneNumber')) {
          throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: only TopicArn is supported by the stand-in');
        }
        const topic = requireTopic(params.get('TopicArn') ?? undefined);
        const message = params.get('Message');
        if (!message) throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Empty message');
        const subject = params.get('Subject') ?? undefined;
        if (subject !== undefined && (subject.length === 0 || subject.length > 100)) {
          throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Subject');
        }
        const attributes = parseMessageAttributes(params);
        const size = Buffer.byteLength(message) + attributesSize(attributes);
        if (size > MAX_MESSAGE_BYTES) {
          throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Message too long');
        }
        const messageId = publish(topic, message, subject, attributes);
        return queryResponse(action, `<MessageId>${messageId}</MessageId>`);
      }
      case 'Subscribe': {
        const topic = requireTopic(params.get('TopicArn') ?? undefined);
        const protocol = params.get('Protocol');
        const endpoint = params.get('Endpoint');
        if (protocol !== 'lambda') {
          throw new QueryError(400, 'InvalidParameter', `Invalid parameter: Protocol ${protocol ?? ''} (stand-in supports lambda)`);
        }
        if (!endpoint) throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: Endpoint');
        const invoke = opts.invokeLambda;
        if (!invoke) {
          throw new QueryError(400, 'InvalidParameter', 'Invalid parameter: stand-in started without invokeLambda');
        }
        // Subscribe is idempotent per (topic, protocol, endpoint) on AWS.
        const existing = topic.subscriptions.find((s) => s.endpoint === endpoint);
        const functionName = lambdaFunctionName(endpoint);
        const arn = existing?.arn ?? addSubscription(topic, endpoint, (event) => invoke(functionName, event));
        return queryResponse(action, `<SubscriptionArn>${xml(arn)}</SubscriptionArn>`);
      }
      case 'ListSubscriptionsByTopic': {
        const topic = requireTopic(params.get('TopicArn') ?? undefined);
        const members = topic.subscriptions.map(
          (s) =>
            `<member><SubscriptionArn>${xml(s.arn)}</SubscriptionArn><Owner>${accountId}</Owner>` +
            `<Protocol>lambda</Protocol><Endpoint>${xml(s.endpoint)}</Endpoint><TopicArn>${xml(s.topicArn)}</TopicArn></member>`,
        );
        return queryResponse(action, `<Subscriptions>${members.join('')}</Subscriptions>`);
      }
      case 'Unsubscribe': {
        const arn = params.get('SubscriptionArn') ?? '';
        const topic = topics.get(arn.slice(0, arn.lastIndexOf(':')));
        const index = topic?.subscriptions.findIndex((s) => s.arn === arn) ?? -1;
        if (!topic || index < 0) throw new QueryError(404, 'NotFound', 'Subscription does not exist');
        topic.subscriptions.splice(index, 1);
        return queryResponse(action, '');
      }
      default:
        throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
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
      let status = 200;
      let body: string;
      try {
        if (size > MAX_REQUEST_BYTES) throw new QueryError(413, 'RequestEntityTooLarge', 'Request too large');
        // awsQuery accepts parameters in the query string (GET) or a form body (POST, what the SDK sends).
        const params = new URLSearchParams(new URL(req.url ?? '/', 'http://x').search);
        for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params.set(k, v);
        body = handleAction(params);
      } catch (err) {
        const e = err instanceof QueryError ? err : new QueryError(500, 'InternalError', String(err), 'Receiver');
        if (!(err instanceof QueryError)) log(`[sns] internal error: ${String(err)}`);
        status = e.status;
        body = errorResponse(e);
      }
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  log(`[sns] stand-in listening on ${url}`);

  return {
    url,
    port,
    createTopic,
    subscribe,
    published,
    failures,
    idle,
    async close() {
      closed = true;
      for (const wake of [...sleepers]) wake(); // cut retry back-offs short; pending deliveries then give up
      // A hung invocation must not hang shutdown: wait a bounded time for in-flight deliveries.
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        idle().then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_DRAIN_MS))),
      ]);
      clearTimeout(timer);
      if (!drained) log(`[sns] closing with ${pending.size} delivery(ies) still in flight`);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Calls a function through the Lambda Invoke API (serverless-offline serves it, default port 3002). */
export function lambdaInvoker(endpoint: string, region = 'us-east-1'): InvokeLambdaFn {
  // Our delivery loop owns retries, as Lambda's async invocation does; the SDK must not add its own.
  const client = new LambdaClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return async (functionName, event) => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
    const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) throw new Error(`${functionName} ${out.FunctionError}: ${payload.slice(0, 1000)}`);
    const status = out.StatusCode ?? 200;
    if (status < 200 || status > 299) throw new Error(`${functionName} invoke returned HTTP ${status}`);
  };
}

/** `arn:aws:lambda:<region>:<acct>:function:<name>[:qualifier]` → name; a plain name passes through. */
function lambdaFunctionName(endpoint: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(endpoint);
  return match?.[1] ?? endpoint;
}

/** awsQuery map serialization: MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue|BinaryValue. */
function parseMessageAttributes(params: URLSearchParams): SNSMessageAttributes {
  const attributes: SNSMessageAttributes = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`) ?? '';
    const type = params.get(`${prefix}.Value.DataType`);
    const stringValue = params.get(`${prefix}.Value.StringValue`);
    const binaryValue = params.get(`${prefix}.Value.BinaryValue`); // already base64 on the wire, as in the event
    if (!name || !type) {
      throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value and type.`);
    }
    const value = type.startsWith('Binary') ? binaryValue : stringValue;
    if (value === null || !/^(String|Number|Binary)(\..+)?$/.test(type)) {
      throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type or value.`);
    }
    attributes[name] = { Type: type, Value: value };
  }
  if (Object.keys(attributes).length > 10) {
    throw new QueryError(400, 'InvalidParameter', 'Number of message attributes [11+] exceeds the allowed maximum [10].');
  }
  return attributes;
}

function attributesSize(attributes: SNSMessageAttributes): number {
  return Object.entries(attributes).reduce(
    (sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.Type) + Buffer.byteLength(a.Value),
    0,
  );
}

/** Base64 of 256 bytes, the size of a real SNS RSA-SHA1 signature; it is not verifiable, only shaped like one. */
function signatureFor(messageId: string, message: string, timestamp: string): string {
  const seed = createHash('sha256').update(`${messageId}\n${message}\n${timestamp}`).digest();
  const blocks = Array.from({ length: 8 }, (_, i) => createHash('sha256').update(seed).update(String(i)).digest());
  return Buffer.concat(blocks).toString('base64');
}

function queryResponse(action: string, result: string): string {
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function errorResponse(e: QueryError): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.type}</Type><Code>${xml(e.code)}</Code>` +
    `<Message>${xml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };

function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);
}
