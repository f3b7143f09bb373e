import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaInvoker, startSnsStandin, type SnsStandin } from '../../local/standins/sns/server';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('SNS stand-in (awsQuery wire protocol)', () => {
  let standin: SnsStandin;
  let sns: SNSClient;
  const wireInvocations: { functionName: string; event: SNSEvent }[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    standin = await startSnsStandin({
      port: 0,
      logger: (line) => logLines.push(line),
      invokeLambda: async (functionName, event) => {
        wireInvocations.push({ functionName, event });
      },
    });
    sns = new SNSClient({ endpoint: standin.url, region: 'us-east-1', credentials });
  });

  afterAll(async () => {
    sns?.destroy();
    await standin?.close();
  });

  async function topicWith(name: string, deliver: (e: SNSEvent) => Promise<void>, retryDelayMs = 10) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    const subscriptionArn = standin.subscribe(TopicArn!, deliver, { retryDelayMs });
    return { topicArn: TopicArn!, subscriptionArn };
  }

  it('creates topics idempotently and lists them', async () => {
    const a = await sns.send(new CreateTopicCommand({ Name: 'inbound' }));
    const b = await sns.send(new CreateTopicCommand({ Name: 'inbound' }));
    expect(a.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:inbound');
    expect(b.TopicArn).toBe(a.TopicArn);
    expect(standin.createTopic('inbound')).toBe(a.TopicArn);
    const { Topics } = await sns.send(new ListTopicsCommand({}));
    expect(Topics?.filter((t) => t.TopicArn === a.TopicArn)).toHaveLength(1);
  });

  it('delivers a published message in the exact SNS→Lambda event shape', async () => {
    const received: SNSEvent[] = [];
    const { topicArn, subscriptionArn } = await topicWith('shape', async (e) => {
      received.push(e);
    });
    const message = JSON.stringify({ whatsAppWebhookEntry: '{"id":"1"}', aws_account_id: '123456789012' });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
    await standin.idle();

    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(received).toHaveLength(1);
    const event = received[0]!;
    expect(event.Records).toHaveLength(1);
    const record = event.Records[0]!;
    expect(record).toMatchObject({ EventVersion: '1.0', EventSource: 'aws:sns', EventSubscriptionArn: subscriptionArn });
    expect(subscriptionArn.startsWith(`${topicArn}:`)).toBe(true);
    const s = record.Sns;
    expect(s).toMatchObject({ Type: 'Notification', MessageId, TopicArn: topicArn, Message: message, SignatureVersion: '1' });
    expect(s.Subject).toBeNull(); // AWS sends an explicit null when no subject was given
    expect(new Date(s.Timestamp).toISOString()).toBe(s.Timestamp);
    expect(s.Signature).toMatch(/^[A-Za-z0-9+/]{300,}={0,2}$/);
    expect(s.SigningCertUrl).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]+\.pem$/);
    expect(s.UnsubscribeUrl).toBe(
      `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
    );
    expect(new URL(s.UnsubscribeUrl).searchParams.get('SubscriptionArn')).toBe(subscriptionArn);
    expect(s.MessageAttributes).toEqual({});
    expect(standin.published.find((p) => p.messageId === MessageId)).toMatchObject({ topicArn, message });
  });

  it('passes subject and message attributes through', async () => {
    const received: SNSEvent[] = [];
    const { topicArn } = await topicWith('attrs', async (e) => {
      received.push(e);
    });
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'hello & <world>',
        Subject: 'greeting',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'status' },
          count: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
        },
      }),
    );
    await standin.idle();
    const s = received[0]!.Records[0]!.Sns;
    expect(s.Message).toBe('hello & <world>');
    expect(s.Subject).toBe('greeting');
    expect(s.MessageAttributes).toEqual({
      kind: { Type: 'String', Value: 'status' },
      count: { Type: 'Number', Value: '3' },
      blob: { Type: 'Binary', Value: Buffer.from([0, 1, 2, 255]).toString('base64') },
    });
  });

  it('retries a failing delivery like Lambda async invoke and succeeds on the third attempt', async () => {
    let calls = 0;
    const { topicArn } = await topicWith('flaky', async () => {
      calls += 1;
      if (calls < 3) throw new Error(`boom ${calls}`);
    });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x' }));
    await standin.idle();
    expect(calls).toBe(3);
    expect(standin.failures.filter((f) => f.messageId === MessageId)).toEqual([]);
    expect(logLines.some((l) => l.includes(MessageId!) && l.includes('boom 1'))).toBe(true);
  });

  it('records a delivery that always fails after 3 attempts, and logs it', async () => {
    let calls = 0;
    const { topicArn, subscriptionArn } = await topicWith('broken', async () => {
      calls += 1;
      throw new Error('handler exploded');
    });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x' }));
    await standin.idle();
    expect(calls).toBe(3);
    expect(standin.failures.filter((f) => f.messageId === MessageId)).toEqual([
      { messageId: MessageId, subscriptionArn, error: 'handler exploded' },
    ]);
    expect(logLines.some((l) => l.includes('GAVE UP') && l.includes(MessageId!))).toBe(true);
  });

  it('rejects Publish to an unknown topic with NotFoundException', async () => {
    const err = await sns
      .send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:nope', Message: 'x' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundException);
    expect((err as NotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((err as NotFoundException).message).toBe('Topic does not exist');
  });

  it('subscribes a lambda over the wire and delivers through invokeLambda', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'wired' }));
    const fnArn = 'arn:aws:lambda:us-east-1:123456789012:function:whatsapp-eum-backend-dev-ingest';
    const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn }));
    const again = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn }));
    expect(again.SubscriptionArn).toBe(sub.SubscriptionArn);
    const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(Subscriptions).toEqual([
      { SubscriptionArn: sub.SubscriptionArn, Owner: '123456789012', Protocol: 'lambda', Endpoint: fnArn, TopicArn },
    ]);

    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: '{"k":1}' }));
    await standin.idle();
    const hits = wireInvocations.filter((w) => w.event.Records[0]!.Sns.MessageId === MessageId);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.functionName).toBe('whatsapp-eum-backend-dev-ingest');
    expect(hits[0]!.event.Records[0]).toMatchObject({
      EventSubscriptionArn: sub.SubscriptionArn,
      Sns: { TopicArn, Message: '{"k":1}' },
    });
  });
});

describe('lambdaInvoker (Lambda Invoke API client)', () => {
  // A minimal Lambda Invoke API: serverless-offline answers the same way (200, X-Amz-Function-Error on a throw).
  let server: http.Server;
  let endpoint: string;
  const calls: { path: string; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ path: req.url ?? '', body });
        if (req.url?.includes('/functions/bad/')) {
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
          res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'ingest failed' }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('null');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('invokes with the event as payload, and rejects on FunctionError so deliveries are retried', async () => {
    const invoke = lambdaInvoker(endpoint);
    const event: SNSEvent = { Records: [] };
    await expect(invoke('good', event)).resolves.toBeUndefined();
    expect(calls[0]).toEqual({ path: '/2015-03-31/functions/good/invocations', body: '{"Records":[]}' });
    await expect(invoke('bad', event)).rejects.toThrow(/bad Unhandled: .*ingest failed/);
  });
});
