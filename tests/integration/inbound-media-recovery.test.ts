import { PurgeQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundMediaValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { s3Client, socialMessaging } from '../../shared/aws/clients';
import { MAX_MEDIA_ATTEMPTS } from '../../shared/ingest/inbound/media';
import { dynamo } from '../../shared/table/client';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { TINY_PNG, getObject, objectExists } from './helpers/s3';
import { getConversationView, getItem } from './helpers/table';

/**
 * Issue 8.3: a customer's media is never lost. The first attempt is killed after the message is stored (S3, EUM or
 * DynamoDB failing under it); a redelivery, Lambda's retry or a dead-letter replay finishes the copy, and the
 * conversation counts the message once. Faults are injected as middleware on the process's real clients, which talk
 * to s3rver, DynamoDB Local and the EUM stand-in.
 */
let eum: EumStandin;
let ingest: Invoke;
let webhooks: Invoke;
const sqs = new SQSClient({});

type Stack = { middlewareStack: { add: (...a: any[]) => void; remove: (name: string) => boolean } };
const installed: { client: Stack; name: string }[] = [];

/** Fails the client's commands named in `commands` (all when empty) with `makeError()`, `times` times (Infinity: until removed). */
function fault(client: Stack, commands: string[], makeError: () => Error, times = Infinity): { calls: () => number } {
  const name = `fault-${installed.length}-${Math.random()}`;
  let failed = 0;
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if ((commands.length === 0 || commands.includes(context.commandName ?? '')) && failed < times) {
        failed++;
        throw makeError();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  installed.push({ client, name });
  return { calls: () => failed };
}
/** Counts the client's calls of one command. */
function counter(client: Stack, command: string): () => number {
  const name = `count-${installed.length}-${Math.random()}`;
  let n = 0;
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName === command) n++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  installed.push({ client, name });
  return () => n;
}
const clearFaults = () => {
  for (const f of installed.splice(0)) f.client.middlewareStack.remove(f.name);
};

/** What the SDK throws when a service answers 503 / 500. */
const serviceUnavailable = (name = 'ServiceUnavailable') =>
  Object.assign(new Error(`${name}: injected`), { name, $fault: 'server', $metadata: { httpStatusCode: 503 } });
const networkDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'Error', code: 'ECONNREFUSED' });

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  webhooks = (await import('../../functions/webhooks/handler')).handler as unknown as Invoke;
});
afterAll(async () => {
  await eum.close();
  sqs.destroy();
});
beforeEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
});
afterEach(clearFaults);

/** An inbound image whose file the stand-in holds, as one SNS record (redelivered as is: same SNS MessageId). */
function imageRecord(customer: string) {
  const seeded = eum.seedMedia({ bytes: TINY_PNG, mimeType: 'image/png' });
  const value = inboundMediaValue({ from: customer, name: 'Rui', kind: 'image', mediaId: seeded.mediaId, mimeType: 'image/png', sha256: seeded.sha256 });
  const record = snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value })));
  const key = `inbound/${DEMO_PHONE.phoneNumberId}/${seeded.mediaId}.png`;
  return { record, wamid: value.messages![0]!.id, mediaId: seeded.mediaId, key, conversationPk: `CONV#${DEMO_PHONE.arn}#${customer}` };
}

async function expectCopied(m: ReturnType<typeof imageRecord>) {
  expect(await getItem(`MSG#${m.wamid}`)).toMatchObject({ mediaCopy: 'saved', mediaS3Key: m.key, mediaDownloadPk: `MEDIA_DOWNLOAD#${m.mediaId}` });
  expect(await getItem(`MSG#${m.wamid}`)).not.toHaveProperty('mediaError');
  expect(await getItem(`MEDIA_DOWNLOAD#${m.mediaId}`)).toMatchObject({ s3Key: m.key, wamid: m.wamid, source: 'inbound' });
  expect((await getObject(m.key)).bytes.equals(TINY_PNG)).toBe(true);
  expect(await getConversationView(m.conversationPk)).toMatchObject({ unreadCount: 1 });
}

describe('inbound media: a copy killed after the message is stored is finished later', () => {
  it('S3 unavailable: the failure is recorded as retrying, the invocation fails, and the redelivery copies', async () => {
    const m = imageRecord('15557770001');
    const s3Down = fault(s3Client() as unknown as Stack, ['ListObjectsV2Command'], () => serviceUnavailable());

    await expect(ingest(snsEvent(m.record), lambdaContext)).rejects.toMatchObject({ name: 'TransientIngestError' });

    expect(s3Down.calls()).toBe(2); // the attempt and its one retry
    expect(await getItem(`MSG#${m.wamid}`)).toMatchObject({
      type: 'image',
      mediaCopy: 'retrying',
      mediaAttempts: 1,
      mediaError: { retryable: true, attempts: 2 },
    });
    expect(await getItem(`MSG#${m.wamid}`)).not.toHaveProperty('mediaS3Key');
    clearFaults();

    const again = await ingest(snsEvent(m.record), lambdaContext);

    expect(again.results[0]).toMatchObject({ ok: true, inbound: 0, duplicates: 1, effects: { mediaSaved: 1 } });
    await expectCopied(m);
    // Once saved, a further redelivery neither copies again nor counts.
    const third = await ingest(snsEvent(m.record), lambdaContext);
    expect(third.results[0]).toMatchObject({ ok: true, duplicates: 1, effects: {} });
    await expectCopied(m);
  });

  it('DynamoDB failing after the message is stored (a crash before the copy is recorded): the redelivery finishes it', async () => {
    const m = imageRecord('15557770002');
    // The message put and the conversation update land; every DynamoDB call after them fails.
    let calls = 0;
    dynamo().middlewareStack.add(
      (next: (a: any) => Promise<any>) => async (args: any) => {
        if (++calls > 2) throw networkDown();
        return next(args);
      },
      { step: 'initialize', name: 'dynamo-dies' },
    );
    try {
      await expect(ingest(snsEvent(m.record), lambdaContext)).rejects.toMatchObject({ name: 'TransientIngestError' });
    } finally {
      dynamo().middlewareStack.remove('dynamo-dies');
    }
    // Stored, counted, and its copy visibly unfinished; the object EUM wrote is there but nothing points at it.
    expect(await getItem(`MSG#${m.wamid}`)).toMatchObject({ mediaCopy: 'pending' });
    expect(await getItem(`MEDIA_DOWNLOAD#${m.mediaId}`)).toBeUndefined();
    expect(await getConversationView(m.conversationPk)).toMatchObject({ unreadCount: 1 });

    const again = await ingest(snsEvent(m.record), lambdaContext);

    expect(again.results[0]).toMatchObject({ ok: true, duplicates: 1, effects: { mediaSaved: 1 } });
    await expectCopied(m);
  });

  it("EUM failing with 5xx: Lambda's on-failure letter replayed from the dead-letter queue finishes the copy", async () => {
    const m = imageRecord('15557770003');
    fault(socialMessaging() as unknown as Stack, ['GetWhatsAppMessageMediaCommand'], () => serviceUnavailable('InternalServiceException'));
    const event = snsEvent(m.record);
    // Lambda's first try and its two retries all fail.
    for (let i = 0; i < 3; i++) await expect(ingest(event, lambdaContext)).rejects.toMatchObject({ name: 'TransientIngestError' });
    expect(await getItem(`MSG#${m.wamid}`)).toMatchObject({ mediaCopy: 'retrying', mediaAttempts: 3 });
    clearFaults();
    const letter = {
      version: '1.0',
      requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ingest', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorType: 'TransientIngestError', errorMessage: '1 record(s) failed on a transient fault' },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MessageBody: JSON.stringify(letter) }));

    const replay = await webhooks({ action: 'replay_dead_letters' }, lambdaContext);

    expect(replay).toMatchObject({ statusCode: 200, replayed: 1, failed: 0, queued: 0 });
    await expectCopied(m);
  });

  it("transient failures are retried a bounded number of times (MAX_MEDIA_ATTEMPTS), then the failure is permanent", async () => {
    const m = imageRecord('15557770004');
    fault(socialMessaging() as unknown as Stack, ['GetWhatsAppMessageMediaCommand'], () => serviceUnavailable('InternalServiceException'));
    for (let i = 1; i < MAX_MEDIA_ATTEMPTS; i++) await expect(ingest(snsEvent(m.record), lambdaContext)).rejects.toMatchObject({ name: 'TransientIngestError' });

    // The last allowed attempt records the failure as permanent and lets the record succeed.
    const last = await ingest(snsEvent(m.record), lambdaContext);

    expect(last).toMatchObject({ failed: 0 });
    expect(last.results[0]).toMatchObject({ ok: true, duplicates: 1, effects: { mediaError: 1 } });
    expect(await getItem(`MSG#${m.wamid}`)).toMatchObject({ mediaCopy: 'failed', mediaAttempts: MAX_MEDIA_ATTEMPTS, mediaError: { retryable: true } });
    clearFaults();
    // Not retried any more, even with EUM healthy again.
    const after = await ingest(snsEvent(m.record), lambdaContext);
    expect(after.results[0]).toMatchObject({ ok: true, effects: {} });
    expect(await objectExists(m.key)).toBe(false);
    expect(await getConversationView(m.conversationPk)).toMatchObject({ unreadCount: 1 });
  });

  it('a permanent failure (WhatsApp no longer has the media) is recorded once and never retried', async () => {
    const value = inboundMediaValue({ from: '15557770005', kind: 'document', mediaId: '888000111222333', mimeType: 'application/pdf', filename: 'gone.pdf' });
    const record = snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value })));
    const eumCalls = counter(socialMessaging() as unknown as Stack, 'GetWhatsAppMessageMediaCommand');

    const first = await ingest(snsEvent(record), lambdaContext);
    expect(eumCalls()).toBe(1);
    const again = await ingest(snsEvent(record), lambdaContext);

    expect(first.results[0]).toMatchObject({ ok: true, inbound: 1, effects: { mediaError: 1 } });
    expect(again.results[0]).toMatchObject({ ok: true, duplicates: 1, effects: {} });
    expect(await getItem(`MSG#${value.messages![0]!.id}`)).toMatchObject({
      mediaCopy: 'failed',
      mediaAttempts: 1,
      mediaError: { name: 'ResourceNotFoundException', retryable: false },
    });
    expect(eumCalls()).toBe(1);
  });
});
