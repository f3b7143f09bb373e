import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes, startSqsStandin, type SqsStandin } from '../../local/standins/sqs/server';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('SQS stand-in (awsJson1_0 wire protocol)', () => {
  let standin: SqsStandin;
  let sqs: SQSClient;

  beforeAll(async () => {
    standin = await startSqsStandin({ port: 0, logger: () => {} });
    sqs = new SQSClient({ endpoint: standin.url, region: 'us-east-1', credentials });
  });

  afterAll(async () => {
    sqs?.destroy();
    await standin?.close();
  });

  const newQueue = async (name: string) => (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const counts = async (QueueUrl: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'QueueArn'],
      }),
    );
    return Attributes;
  };

  it('creates queues idempotently and resolves their URL', async () => {
    const url = await newQueue('ingest-dlq');
    expect(url).toBe(`${standin.url}/123456789012/ingest-dlq`);
    expect(await newQueue('ingest-dlq')).toBe(url);
    expect(standin.createQueue('ingest-dlq')).toBe(url);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'ingest-dlq' }));
    expect(QueueUrl).toBe(url);
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'ingest' }));
    expect(QueueUrls).toEqual([url]);
    const conflict = await sqs
      .send(new CreateQueueCommand({ QueueName: 'ingest-dlq', Attributes: { VisibilityTimeout: '5' } }))
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(QueueNameExists);
  });

  it('round-trips body and attributes with the SDK MD5 checks passing', async () => {
    const QueueUrl = await newQueue('roundtrip');
    const MessageAttributes = {
      source: { DataType: 'String', StringValue: 'ingest' },
      attempt: { DataType: 'Number', StringValue: '2' },
      raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3, 250]) },
      'trace.id': { DataType: 'String.custom', StringValue: 'héllo 👋' },
    };
    const body = JSON.stringify({ Records: [{ Sns: { Message: 'héllo 👋' } }] });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageAttributes }));
    // The SDK verifies MD5OfMessageBody itself; check the attributes digest against an independent computation.
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        source: { DataType: 'String', StringValue: 'ingest' },
        attempt: { DataType: 'Number', StringValue: '2' },
        raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3, 250]).toString('base64') },
        'trace.id': { DataType: 'String.custom', StringValue: 'héllo 👋' },
      }),
    );

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    expect(Messages).toHaveLength(1);
    const m = Messages![0]!;
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.Body).toBe(body);
    expect(m.Attributes).toEqual({ ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d{13}$/) });
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m.MessageAttributes?.source).toEqual({ DataType: 'String', StringValue: 'ingest' });
    expect(m.MessageAttributes?.attempt).toEqual({ DataType: 'Number', StringValue: '2' });
    expect(m.MessageAttributes?.['trace.id']).toEqual({ DataType: 'String.custom', StringValue: 'héllo 👋' });
    expect(Buffer.from(m.MessageAttributes!.raw!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3, 250]));
  });

  it('computes MD5OfMessageAttributes like SQS (vectors used by other SQS emulators, checked against AWS)', () => {
    // localstack tests/unit/test_sqs.py and wcharczuk/sqslite md5_test.go.
    expect(md5OfMessageAttributes({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } })).toBe(
      '235c5c510d26fb653d073faed50ae77c',
    );
    expect(
      md5OfMessageAttributes({
        ordinal: { DataType: 'Number', StringValue: '1' },
        category: { DataType: 'String', StringValue: 'test' },
      }),
    ).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });

  it('hides a received message for its visibility timeout, then redelivers it with a higher receive count', async () => {
    const QueueUrl = await newQueue('visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'once' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1 }));
    expect(first.Messages).toHaveLength(1);

    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(hidden.Messages ?? []).toHaveLength(0);
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    expect(standin.messages(QueueUrl)).toMatchObject([{ body: 'once', visible: false, receiveCount: 1 }]);

    // Long polling returns as soon as the message becomes visible again.
    const started = Date.now();
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(again.Messages?.[0]?.Body).toBe('once');
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(again.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);

    // ChangeMessageVisibility to 0 makes it receivable at once.
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: again.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }),
    );
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(third.Messages?.[0]?.Body).toBe('once');
  });

  it('long polling wakes up when a message is sent', async () => {
    const QueueUrl = await newQueue('longpoll');
    const started = Date.now();
    const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    setTimeout(() => void sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' })), 200);
    const { Messages } = await pending;
    expect(Messages?.[0]?.Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('deletes a message by receipt handle and counts what is left', async () => {
    const QueueUrl = await newQueue('counting');
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
          { Id: 'c', MessageBody: 'three' },
        ],
      }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a', 'b', 'c']);
    expect(batch.Failed ?? []).toEqual([]);
    expect(await counts(QueueUrl)).toEqual({
      ApproximateNumberOfMessages: '3',
      ApproximateNumberOfMessagesNotVisible: '0',
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:counting',
    });

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2 }));
    expect(Messages?.map((m) => m.Body)).toEqual(['one', 'two']);
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '2' });

    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '1' });
    expect(standin.messages(QueueUrl).map((m) => m.body)).toEqual(['two', 'three']);

    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'x', ReceiptHandle: Messages![1]!.ReceiptHandle! },
          { Id: 'y', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(del.Successful?.map((s) => s.Id)).toEqual(['x']);
    expect(del.Failed).toEqual([
      { Id: 'y', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.stringContaining('not-a-handle') },
    ]);
    expect(standin.messages(QueueUrl).map((m) => m.body)).toEqual(['three']);

    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('raises QueueDoesNotExist for an unknown queue', async () => {
    const byName = await sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })).catch((e: unknown) => e);
    expect(byName).toBeInstanceOf(QueueDoesNotExist);
    expect((byName as QueueDoesNotExist).$metadata.httpStatusCode).toBe(400);
    expect((byName as QueueDoesNotExist & { Code?: string }).Code).toBe('AWS.SimpleQueueService.NonExistentQueue');

    const byUrl = await sqs
      .send(new SendMessageCommand({ QueueUrl: `${standin.url}/123456789012/missing`, MessageBody: 'x' }))
      .catch((e: unknown) => e);
    expect(byUrl).toBeInstanceOf(QueueDoesNotExist);
  });

  it('rejects an out-of-range MaxNumberOfMessages like SQS', async () => {
    const QueueUrl = await newQueue('limits');
    const err = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('InvalidParameterValue');
    expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });
});
