import { PurgeQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue, newWamid } from '../../local/standins/eum/envelope';
import { resetConfigForTests } from '../../shared/config';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getConversationView, getItem } from './helpers/table';

let ingest: Invoke;
let webhooks: Invoke;
const sqs = new SQSClient({});

beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  webhooks = (await import('../../functions/webhooks/handler')).handler as unknown as Invoke;
});
beforeEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
});

const inboundRecord = (from: string, wamid = newWamid()) =>
  snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value: inboundTextValue({ from, text: 'kept for later', wamid }) })));

/** Runs ingest while its table is missing: a fault outside the record, fixed afterwards. */
async function ingestDuringOutage(...records: ReturnType<typeof snsRecord>[]) {
  const table = process.env.TABLE_NAME!;
  process.env.TABLE_NAME = 'table-that-does-not-exist';
  resetConfigForTests();
  try {
    return await ingest(snsEvent(...records));
  } finally {
    process.env.TABLE_NAME = table;
    resetConfigForTests();
  }
}

/** What Lambda's on-failure destination writes for an event that failed after its retries. */
const onFailureRecord = (requestPayload: ReturnType<typeof snsEvent>) => ({
  version: '1.0',
  timestamp: new Date().toISOString(),
  requestContext: { requestId: 'r1', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ingest', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
  requestPayload,
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'TransientIngestError', errorMessage: '1 record(s) failed on a transient fault' },
});

describe('dead letters', () => {
  it('a transient fault fails the invocation (Lambda retries) and dead-letters nothing; the on-failure letter lists and replays at once', async () => {
    const wamid = newWamid();
    const event = snsEvent(inboundRecord('15554440001', wamid));
    await expect(ingestDuringOutage(event.Records[0]!)).rejects.toMatchObject({ name: 'TransientIngestError' });
    expect(await getItem(`MSG#${wamid}`)).toBeUndefined();
    expect((await webhooks({ action: 'list_dead_letters' }, lambdaContext)).count).toBe(0);

    // After Lambda's retries, its on-failure destination keeps the event: list it, then replay it at once.
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MessageBody: JSON.stringify(onFailureRecord(event)) }));
    const listed = await webhooks({ action: 'list_dead_letters' }, lambdaContext);
    expect(listed).toMatchObject({ statusCode: 200, count: 1 });
    expect(listed.letters[0]).toMatchObject({ kind: 'lambda-invocation', reason: expect.stringMatching(/RetriesExhausted/), recordCount: 1 });

    const dry = await webhooks({ action: 'replay_dead_letters', dryRun: true }, lambdaContext);
    expect(dry).toMatchObject({ dryRun: true, replayed: 0, results: [expect.objectContaining({ replayed: false })] });
    expect(await getItem(`MSG#${wamid}`)).toBeUndefined();

    const replay = await webhooks({ action: 'replay_dead_letters', letterIds: [listed.letters[0].letterId] }, lambdaContext);
    expect(replay).toMatchObject({ statusCode: 200, replayed: 1, failed: 0, queued: 0 });
    expect(await getItem(`MSG#${wamid}`)).toMatchObject({ direction: 'INBOUND', text: 'kept for later' });
    expect(await getConversationView(`CONV#${DEMO_PHONE.arn}#15554440001`)).toMatchObject({ unreadCount: 1 });

    // Replaying the same record again (e.g. a second copy) changes nothing.
    await ingest(snsEvent(inboundRecord('15554440001', wamid)));
    expect(await getConversationView(`CONV#${DEMO_PHONE.arn}#15554440001`)).toMatchObject({ unreadCount: 1 });
  });

  it('a poison record goes to the dead letters marked poison; replay skips it unless asked, and it fails again', async () => {
    const res = await ingest(snsEvent(snsRecord('{"broken": ')));
    expect(res).toMatchObject({ records: 1, failed: 1 });
    const listed = await webhooks({ action: 'list_dead_letters' }, lambdaContext);
    expect(listed.letters[0]).toMatchObject({ kind: 'ingest-record', poison: true });

    const skipped = await webhooks({ action: 'replay_dead_letters' }, lambdaContext);
    expect(skipped).toMatchObject({ replayed: 0, failed: 0, skippedPoison: [listed.letters[0].letterId], queued: 1 });

    const replay = await webhooks({ action: 'replay_dead_letters', includePoison: true }, lambdaContext);
    expect(replay).toMatchObject({ replayed: 0, failed: 1, queued: 1 });
    expect(replay.results[0].reason).toContain('not JSON');
  });

  it("replays Lambda's on-failure destination records too, and only the letters asked for", async () => {
    const wamid = newWamid();
    const failed = onFailureRecord(snsEvent(inboundRecord('15554440002', wamid)));
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MessageBody: JSON.stringify(failed) }));
    await ingest(snsEvent(snsRecord('not json either')));

    const replay = await webhooks({ action: 'replay_dead_letters', letterIds: [MessageId, 'no-such-letter'] }, lambdaContext);
    expect(replay).toMatchObject({ replayed: 1, failed: 0, notFound: ['no-such-letter'], queued: 1 });
    expect(replay.results[0]).toMatchObject({ letterId: MessageId, kind: 'lambda-invocation', replayed: true });
    expect(await getItem(`MSG#${wamid}`)).toBeDefined();
  });
});
