import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../../local/standins/eum/demo-account';
import { newWamid } from '../../../local/standins/eum/envelope';
import type { EumStandin } from '../../../local/standins/eum/server';
import { s3Client, socialMessaging } from '../../../shared/aws/clients';
import { dynamo } from '../../../shared/table/client';
import { startEumForTest } from '../helpers/eum';
import { conversationOf, deadLetterCount, deliver, inboundMedia, ingestHandler, newCustomer, purgeDeadLetters, silenceIngestLogs } from '../helpers/fault-ingest';
import {
  eumInternalError,
  injectFaults,
  networkError,
  runStopped,
  s3Error,
  throttled,
  transactionConflict,
  type Fault,
  type FaultInjector,
  type FaultRule,
} from '../helpers/faults';
import { TINY_PNG, getObject } from '../helpers/s3';
import { getConversationView, getItem } from '../helpers/table';

/**
 * A customer's image under faults at every step of its ingest: each DynamoDB call (the message's store, the
 * conversation, the copy's record), EUM Social's media download and the S3 listing that finds the file. Whatever
 * fails, and wherever the run stops, Lambda's retry and SNS's redelivery end with the file in the bucket, the message
 * pointing at it, one MEDIA_DOWNLOAD item, the message counted once, and nothing in the dead letters.
 */
let eum: EumStandin;
const injectors: Record<'dynamodb' | 's3' | 'eum', FaultInjector> = {} as never;
let restoreLogs: () => void;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  await ingestHandler();
  restoreLogs = silenceIngestLogs();
  injectors.dynamodb = injectFaults(dynamo());
  injectors.s3 = injectFaults(s3Client());
  injectors.eum = injectFaults(socialMessaging());
});
afterAll(async () => {
  for (const i of Object.values(injectors)) i.remove();
  restoreLogs();
  await eum.close();
});
beforeEach(async () => {
  for (const i of Object.values(injectors)) i.set([]);
  await purgeDeadLetters();
});

function image(customer: string) {
  const seeded = eum.seedMedia({ bytes: TINY_PNG, mimeType: 'image/png' });
  const wamid = newWamid();
  return { wamid, mediaId: seeded.mediaId, key: `inbound/${DEMO_PHONE.phoneNumberId}/${seeded.mediaId}.png`, record: inboundMedia(customer, wamid, 1, { kind: 'image', mediaId: seeded.mediaId, mimeType: 'image/png' }) };
}

async function expectCopied(customer: string, m: ReturnType<typeof image>, what: string) {
  expect(await getItem(`MSG#${m.wamid}`), what).toMatchObject({ mediaCopy: 'saved', mediaS3Key: m.key, mediaDownloadPk: `MEDIA_DOWNLOAD#${m.mediaId}` });
  expect(await getItem(`MSG#${m.wamid}`), what).not.toHaveProperty('mediaError');
  expect(await getItem(`MEDIA_DOWNLOAD#${m.mediaId}`), what).toMatchObject({ s3Key: m.key, wamid: m.wamid });
  expect((await getObject(m.key)).bytes.equals(TINY_PNG), what).toBe(true);
  expect(await getConversationView(conversationOf(customer)), what).toMatchObject({ unreadCount: 1, lastMessageId: m.wamid });
}

/** The calls each client makes for one inbound image, fault-free. */
async function callsPerImage(): Promise<Record<keyof typeof injectors, number>> {
  for (const i of Object.values(injectors)) i.clearLog();
  const customer = newCustomer();
  const m = image(customer);
  await deliver(m.record);
  await expectCopied(customer, m, 'fault-free');
  return { dynamodb: injectors.dynamodb.calls.length, s3: injectors.s3.calls.length, eum: injectors.eum.calls.length };
}

/** One image with `rule` on `client`: Lambda's retries and one more SNS delivery finish it. */
async function imageUnder(client: keyof typeof injectors, rule: FaultRule, what: string) {
  const customer = newCustomer();
  const m = image(customer);
  injectors[client].set([rule]);
  const first = await deliver(m.record);
  injectors[client].set([]);
  expect(first, what).toMatchObject({ exhausted: false });
  expect(await deliver(m.record), what).toMatchObject({ attempts: 1 });
  await expectCopied(customer, m, what);
  return first;
}

const DYNAMODB_FAULTS: Fault[] = [throttled(), transactionConflict(), networkError(), networkError({ after: true }), runStopped()];

describe('faults: inbound media', () => {
  it('a DynamoDB fault at any call (the run stopped after the message was stored, before the copy…): copied once', async () => {
    const calls = await callsPerImage();
    expect(calls.dynamodb).toBeGreaterThanOrEqual(3);
    for (const fault of DYNAMODB_FAULTS) {
      for (let n = 1; n <= calls.dynamodb; n++) {
        const first = await imageUnder('dynamodb', { nth: n, fault }, `${fault.kind} at DynamoDB call ${n}`);
        expect(first.attempts, `${fault.kind} at DynamoDB call ${n}`).toBe(2);
      }
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it('EUM 5xx or a broken connection on the media download: retried in the attempt, then by Lambda', async () => {
    for (const fault of [eumInternalError(), networkError(), networkError({ after: true })]) {
      // Once: the ingest's own second try copies it. Twice: the record fails and Lambda's retry copies it.
      expect(await imageUnder('eum', { command: 'GetWhatsAppMessageMediaCommand', fault }, `${fault.kind} once`)).toMatchObject({ attempts: 1 });
      expect(await imageUnder('eum', { command: 'GetWhatsAppMessageMediaCommand', times: 2, fault }, `${fault.kind} twice`)).toMatchObject({ attempts: 2 });
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it('S3 errors finding the copied file: retried in the attempt, then by Lambda', async () => {
    const calls = await callsPerImage();
    expect(calls.s3).toBeGreaterThanOrEqual(1);
    for (const fault of [s3Error('InternalError', 500), s3Error('SlowDown', 503), networkError()]) {
      expect(await imageUnder('s3', { fault }, `${fault.kind} once`)).toMatchObject({ attempts: 1 });
      expect(await imageUnder('s3', { times: 2, fault }, `${fault.kind} twice`)).toMatchObject({ attempts: 2 });
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);
});
