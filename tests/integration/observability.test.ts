import { PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue, newWamid, statusValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { captureOutput, emfMetrics } from '../helpers/capture-output';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';

/**
 * Ingest's and the authorizer's log lines and metrics, with a deployed function's settings (the test run itself is
 * quiet: vitest.config.mts), on DynamoDB Local and the SQS stand-in.
 */
let eum: EumStandin;
let ingest: Invoke;
let authorizer: Invoke;
const sqs = new SQSClient({});

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  vi.resetModules();
  vi.stubEnv('LOG_LEVEL', 'info');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  authorizer = (await import('../../functions/authorizer/handler')).handler as unknown as Invoke;
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
  eum.close();
});

const CUSTOMER = '15558880042';
const TEXT = 'please call me about my private order';

describe('ingest', () => {
  it('counts records, messages, statuses, duplicates and dead letters as EMF, and logs no phone number or text at info', async () => {
    const wamid = newWamid();
    const text = JSON.stringify(buildEnvelope({ field: 'messages', value: inboundTextValue({ from: CUSTOMER, text: TEXT, name: 'Ana', wamid }) }));
    const status = JSON.stringify(buildEnvelope({ field: 'messages', value: statusValue({ wamid: newWamid(), status: 'delivered', recipientId: CUSTOMER }) }));
    const event = snsEvent(snsRecord(text), snsRecord(text), snsRecord(status), snsRecord('not json at all'));

    const { result, lines, raw } = await captureOutput(() => ingest(event, { ...lambdaContext, awsRequestId: 'ingest-1' }));

    expect(result).toMatchObject({ records: 4, failed: 1 });
    const byName = Object.fromEntries(emfMetrics(lines).filter((m) => m.dimensions.function === 'ingest').map((m) => [m.name, m.value]));
    expect(byName).toEqual({ IngestRecords: 4, InboundMessages: 1, Statuses: 1, Duplicates: 1, DeadLetters: 1 });

    const processed = lines.filter((l) => l.message === 'ingest record processed');
    expect(processed).toHaveLength(3);
    expect(processed[0]).toMatchObject({ level: 'INFO', correlation_id: 'ingest-1', wabaId: DEMO_WABA.wabaId, metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId });
    const failed = lines.find((l) => l.message === 'ingest record failed; sent to dead-letter queue');
    expect(failed).toMatchObject({ level: 'ERROR', error: { name: 'PoisonRecordError' } });
    // The poison record follows good ones: it must not carry their WABA.
    expect(failed!.wabaId).toBeUndefined();
    expect(raw).not.toContain(CUSTOMER);
    expect(raw).not.toContain(TEXT);
  });
});

describe('authorizer', () => {
  it('logs the decision with the key id, never the key', async () => {
    const denied = await captureOutput(() =>
      authorizer({ headers: { authorization: 'Bearer not-a-real-key-123456' }, requestContext: {} }, { ...lambdaContext, awsRequestId: 'auth-1' }),
    );
    expect(denied.result).toEqual({ isAuthorized: false });
    expect(denied.lines.find((l) => l.message === 'request denied')).toMatchObject({ level: 'INFO', correlation_id: 'auth-1', reason: 'unknown or revoked key' });
    expect(denied.raw).not.toContain('not-a-real-key-123456');
    expect(emfMetrics(denied.lines).find((m) => m.name === 'Denied')).toMatchObject({ value: 1 });
  });
});
