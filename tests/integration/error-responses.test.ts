import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import { metaValidators } from '../../local/standins/eum/meta-validators';
import { startEumStandin, type EumStandin } from '../../local/standins/eum/server';
import { resetConfigForTests } from '../../shared/config';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';

/**
 * A 5xx never carries another error's text: what happened in our words, and a correlation id that is also in the
 * x-correlation-id header (and on the error's log line: tests/unit/observability.test.ts).
 */
let eum: EumStandin;
let messaging: Invoke;
const realTable = process.env.TABLE_NAME!;
/** Set by a test: the next text send makes the function's table vanish once EUM Social has accepted the message. */
let loseTableOnSend = false;

beforeAll(async () => {
  eum = await startEumStandin({
    port: 0,
    statusDelayMs: 1,
    publish: async () => {},
    s3: { endpoint: process.env.AWS_ENDPOINT_URL_S3!, forcePathStyle: true },
    logger: () => {},
    messageValidators: {
      ...metaValidators,
      // Runs while EUM handles the send: from here on the function writes to a table that does not exist.
      text: (payload) => {
        if (loseTableOnSend) {
          process.env.TABLE_NAME = 'table-that-was-deleted';
          resetConfigForTests();
        }
        return metaValidators.text!(payload);
      },
    },
  });
  process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING = eum.url;
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterEach(() => {
  loseTableOnSend = false;
  process.env.TABLE_NAME = realTable;
  resetConfigForTests();
  eum.reset();
});
afterAll(() => eum.close());

const sendText = { metaWabaId: DEMO_WABA.wabaId, to: '+15550001111', text: 'hello', enforceWindow: false };

describe('5xx bodies', () => {
  it('sent but not stored: our words, the messageId, do-not-resend, and a correlation id; no DynamoDB text', async () => {
    loseTableOnSend = true;
    const res = await messaging(httpEvent('POST', '/messaging/send_text', sendText), { ...lambdaContext, awsRequestId: 'req-store-failed' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['x-correlation-id']).toBe('req-store-failed');
    const body = JSON.parse(res.body);
    expect(eum.sends).toHaveLength(1);
    expect(body).toEqual({
      statusCode: 500,
      error: `Message sent (messageId ${body.messageId}) but storing it failed. Do not resend.`,
      messageId: eum.sends[0]!.messageId,
      sent: true,
      retryable: false,
      correlationId: 'req-store-failed',
    });
    expect(res.body).not.toMatch(/table-that-was-deleted|resource|non-existent|arn:/i);
  });

  it('sent but not stored, with an idempotencyKey: a retry gets the same 500 and sends nothing', async () => {
    loseTableOnSend = true;
    const key = `store-failed-${Date.now()}`;
    const first = await messaging({ action: 'send_text', ...sendText, idempotencyKey: key }, { ...lambdaContext, awsRequestId: 'req-kept' });
    loseTableOnSend = false;
    process.env.TABLE_NAME = realTable;
    resetConfigForTests();
    const again = await messaging({ action: 'send_text', ...sendText, idempotencyKey: key }, { ...lambdaContext, awsRequestId: 'req-again' });
    expect(first).toMatchObject({ statusCode: 500, sent: true, correlationId: 'req-kept' });
    expect(again).toEqual(first);
    expect(eum.sends).toHaveLength(1);
  });

  it('an EUM Social 5xx says which call failed, not what EUM said', async () => {
    eum.injectFault({ count: 3, error: { type: 'InternalServiceException', message: 'boom at arn:aws:social-messaging:us-east-1:1:waba/secret' } });
    const sendsBefore = eum.sends.length;
    const res = await messaging({ action: 'send_text', ...sendText }, { ...lambdaContext, awsRequestId: 'req-eum-500' });
    // A send's 5xx may come after EUM had the message: not retried (attempts: 1), and the outcome is unknown.
    expect(res).toEqual({
      statusCode: 502,
      error: expect.stringMatching(/^EUM Social SendWhatsAppMessage failed after the request was sent: the message may or may not have been sent\./),
      retryable: true,
      sent: 'unknown',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      idempotencyKeyGenerated: true,
      upstream: 'eum-social',
      upstreamError: 'InternalServiceException',
      correlationId: 'req-eum-500',
    });
    expect(JSON.stringify(res)).not.toContain('secret');
    expect(eum.sends).toHaveLength(sendsBefore);
    eum.reset(); // the two faults the SDK no longer consumes
  });

  it('below 500 nothing changes: EUM\'s validation message is the caller\'s to read, without a correlation id', async () => {
    eum.injectFault({ count: 1, error: { type: 'ValidationException', message: '(#131009) Parameter value is not valid' } });
    const res = await messaging({ action: 'send_text', ...sendText }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 400, error: expect.stringContaining('(#131009) Parameter value is not valid') });
    expect(res.correlationId).toBeUndefined();
  });
});
