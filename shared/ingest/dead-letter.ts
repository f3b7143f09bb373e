import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SNSEventRecord } from 'aws-lambda';
import { sqsClient } from '../aws/clients';
import { getConfig } from '../config';
import { PoisonRecordError } from './process';

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
  const url = getConfig().INGEST_DLQ_URL;
  if (!url) throw new Error('INGEST_DLQ_URL is not set: cannot keep the failed record');
  const e = err instanceof Error ? err : new Error(String(err));
  const letter: DeadLetter = {
    kind: 'ingest-record',
    reason: e.message,
    errorName: e.name,
    poison: e instanceof PoisonRecordError,
    failedAt: new Date().toISOString(),
    snsMessageId: record.Sns.MessageId,
    topicArn: record.Sns.TopicArn,
    record: { Sns: record.Sns },
  };
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: JSON.stringify(letter),
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: e.message.slice(0, 256) || e.name },
        errorName: { DataType: 'String', StringValue: e.name },
      },
    }),
  );
}
