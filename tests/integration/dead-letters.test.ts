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

describe('dead letters', () => {
  it('list shows each failed record with its reason; replay after the fix stores it and empties the queue', async () => {
    const wamid = newWamid();
    const res = await ingestDuringOutage(inboundRecord('15554440001', wamid));
    expect(res.failed).toBe(1);
    expect(await getItem(`MSG#${wamid}`)).toBeUndefined();

    const listed = await webhooks({ action: 'list_dead_letters' }, lambdaContext);
    expect(listed).toMatchObject({ statusCode: 200, count: 1 });
    expect(listed.letters[0]).toMatchObject({ kind: 'ingest-record', poison: false, reason: expect.stringMatching(/resource|table/i), recordCount: 1 });

    await new Promise((r) => setTimeout(r, 5200)); // the listing's short hold expires
    const dry = await webhooks({ action: 'replay_dead_letters', dryRun: true }, lambdaContext);
    expect(dry).toMatchObject({ dryRun: true, replayed: 0, results: [expect.objectContaining({ replayed: false })] });
    expect(await getItem(`MSG#${wamid}`)).toBeUndefined();

    const replay = await webhooks({ action: 'replay_dead_letters' }, lambdaContext);
    expect(replay).toMatchObject({ statusCode: 200, replayed: 1, failed: 0, queued: 0 });
    expect(await getItem(`MSG#${wamid}`)).toMatchObject({ direction: 'INBOUND', text: 'kept for later' });
    expect(await getConversationView(`CONV#${DEMO_PHONE.arn}#15554440001`)).toMatchObject({ unreadCount: 1 });

    // Replaying the same record again (e.g. a second copy) changes nothing.
    await ingest(snsEvent(inboundRecord('15554440001', wamid)));
    expect(await getConversationView(`CONV#${DEMO_PHONE.arn}#15554440001`)).toMatchObject({ unreadCount: 1 });
  }, 30_000);

  it('a poison record fails again on replay and stays queued with its reason', async () => {
    await ingest(snsEvent(snsRecord('{"broken": ')));
    const replay = await webhooks({ action: 'replay_dead_letters' }, lambdaContext);
    expect(replay).toMatchObject({ replayed: 0, failed: 1, queued: 1 });
    expect(replay.results[0].reason).toContain('not JSON');
  });

  it("replays Lambda's on-failure destination records too, and only the letters asked for", async () => {
    const wamid = newWamid();
    const failed = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId: 'r1', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ingest', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: snsEvent(inboundRecord('15554440002', wamid)),
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'queue unreachable' },
    };
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MessageBody: JSON.stringify(failed) }));
    await ingest(snsEvent(snsRecord('not json either')));

    const replay = await webhooks({ action: 'replay_dead_letters', letterIds: [MessageId, 'no-such-letter'] }, lambdaContext);
    expect(replay).toMatchObject({ replayed: 1, failed: 0, notFound: ['no-such-letter'], queued: 1 });
    expect(replay.results[0]).toMatchObject({ letterId: MessageId, kind: 'lambda-invocation', replayed: true });
    expect(await getItem(`MSG#${wamid}`)).toBeDefined();
  });
});
