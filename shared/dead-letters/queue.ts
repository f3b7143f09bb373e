import type { Message } from '@aws-sdk/client-sqs';
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { sqsClient, sqsSdk } from '../aws/clients';
import { getConfig } from '../config';
import { isPoison } from '../ingest/failure';

/**
 * The ingest dead-letter queue, both ends: ingest writes a letter for each record it gives up on
 * (sendToDeadLetterQueue); the webhooks actions list, replay and delete them.
 */

function queueUrl(purpose = ''): string {
  const url = getConfig().INGEST_DLQ_URL;
  if (!url) throw new Error(`INGEST_DLQ_URL is not set${purpose}`);
  return url;
}

/** What the dead-letter queue holds for one failed record: enough to read the reason and replay it as is. */
export interface DeadLetter {
  kind: 'ingest-record';
  reason: string;
  errorName: string;
  /** Poison records fail the same way on replay until the code or the data changes. */
  poison: boolean;
  failedAt: string;
  snsMessageId: string;
  topicArn?: string;
  record: Pick<SNSEventRecord, 'Sns'>;
}

export async function sendToDeadLetterQueue(record: SNSEventRecord, err: unknown): Promise<void> {
  const e = err instanceof Error ? err : new Error(String(err));
  const letter: DeadLetter = {
    kind: 'ingest-record',
    reason: e.message,
    errorName: e.name,
    poison: isPoison(err),
    failedAt: new Date().toISOString(),
    snsMessageId: record.Sns.MessageId,
    topicArn: record.Sns.TopicArn,
    record: { Sns: record.Sns },
  };
  await sqsClient().send(
    new (sqsSdk().SendMessageCommand)({
      QueueUrl: queueUrl(': cannot keep the failed record'),
      MessageBody: JSON.stringify(letter),
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: e.message.slice(0, 256) || e.name },
        errorName: { DataType: 'String', StringValue: e.name },
      },
    }),
  );
}

/** One message of the ingest dead-letter queue, in either of the two shapes that land there. */
export interface Letter {
  letterId: string;
  receiptHandle: string;
  receiveCount: number;
  /** `ingest-record`: one record ingest gave up on. `lambda-invocation`: a whole invocation that failed after Lambda's retries. */
  kind: 'ingest-record' | 'lambda-invocation' | 'unreadable';
  reason: string;
  failedAt?: string;
  poison?: boolean;
  snsMessageIds: string[];
  records: Pick<SNSEventRecord, 'Sns'>[];
}

/** Lambda's on-failure destination record for an asynchronous invocation. */
interface LambdaFailureRecord {
  requestContext?: { condition?: string; approximateInvokeCount?: number };
  timestamp?: string;
  requestPayload?: SNSEvent;
  responsePayload?: { errorMessage?: string; errorType?: string };
}

export function parseLetter(m: Message): Letter {
  const base = {
    letterId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
  };
  let body: unknown;
  try {
    body = JSON.parse(m.Body ?? '');
  } catch {
    return { ...base, kind: 'unreadable', reason: 'message body is not JSON', snsMessageIds: [], records: [] };
  }
  const ours = body as Partial<DeadLetter>;
  if (ours.kind === 'ingest-record' && ours.record?.Sns) {
    return {
      ...base,
      kind: 'ingest-record',
      reason: ours.reason ?? 'unknown',
      failedAt: ours.failedAt,
      poison: ours.poison,
      snsMessageIds: [ours.record.Sns.MessageId],
      records: [ours.record],
    };
  }
  const lambda = body as LambdaFailureRecord;
  if (lambda.requestPayload?.Records) {
    const records = lambda.requestPayload.Records;
    return {
      ...base,
      kind: 'lambda-invocation',
      reason: `${lambda.requestContext?.condition ?? 'invocation failed'}: ${lambda.responsePayload?.errorType ?? ''} ${lambda.responsePayload?.errorMessage ?? ''}`.trim(),
      failedAt: lambda.timestamp,
      snsMessageIds: records.map((r) => r.Sns?.MessageId).filter(Boolean),
      records,
    };
  }
  return { ...base, kind: 'unreadable', reason: 'not a dead letter this system writes', snsMessageIds: [], records: [] };
}

/**
 * Receives up to `limit` letters, keeping them invisible for `holdSeconds` (SQS has no peek: a short hold lets
 * a listing see each letter once, and they reappear on their own).
 */
export async function receiveLetters(limit: number, holdSeconds: number): Promise<Letter[]> {
  const letters: Letter[] = [];
  while (letters.length < limit) {
    const out = await sqsClient().send(
      new (sqsSdk().ReceiveMessageCommand)({
        QueueUrl: queueUrl(),
        MaxNumberOfMessages: Math.min(10, limit - letters.length),
        VisibilityTimeout: holdSeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (!out.Messages?.length) break;
    letters.push(...out.Messages.map(parseLetter));
  }
  return letters;
}

export async function deleteLetter(l: Letter): Promise<void> {
  await sqsClient().send(new (sqsSdk().DeleteMessageCommand)({ QueueUrl: queueUrl(), ReceiptHandle: l.receiptHandle }));
}

/** Makes a letter visible again at once (a replay that failed leaves it in the queue for the next try). */
export async function releaseLetter(l: Letter): Promise<void> {
  await sqsClient().send(new (sqsSdk().ChangeMessageVisibilityCommand)({ QueueUrl: queueUrl(), ReceiptHandle: l.receiptHandle, VisibilityTimeout: 0 }));
}

export async function queueDepth(): Promise<{ visible: number; inFlight: number }> {
  const out = await sqsClient().send(
    new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: queueUrl(), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
