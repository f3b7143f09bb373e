import * as z from 'zod';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput, emfMetrics } from '../helpers/capture-output';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';

/**
 * The test run is quiet (vitest.config.mts: LOG_LEVEL=warn, metrics disabled); these tests build the handler from a
 * fresh module graph with the environment a deployed function has, as a cold start would.
 */
async function handlerWith(env: Record<string, string>): Promise<Invoke> {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const [{ createCategoryHandler }, { defineAction }, { AppError, ValidationError }] = await Promise.all([
    import('../../shared/http/category-handler'),
    import('../../shared/actions/registry'),
    import('../../shared/errors'),
  ]);
  vi.unstubAllEnvs();
  // A send-like action: the customer's number and the text are personal data; the WABA and phone ids are not.
  const sendLike = defineAction({
    category: 'messaging',
    name: 'send_like',
    description: 'test',
    input: z.object({ to: z.string(), text: z.string(), metaWabaId: z.string(), phoneNumberId: z.string(), fail: z.enum(['no', 'store', 'bug', 'conflict']).default('no') }),
    handler: async ({ fail }) => {
      const dynamoText = 'User: arn:aws:iam::123456789012:role/x is not authorized to perform: dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/secret-table';
      if (fail === 'store') throw new AppError('Message sent but storing it failed. Do not resend.', 500, { sent: true }, { cause: new Error(dynamoText) });
      if (fail === 'bug') throw new TypeError(`cannot read ${dynamoText}`);
      if (fail === 'conflict') throw new ValidationError([{ field: 'to', reason: 'customer +15557654321 is another one' }]);
      return { messageId: 'm-1', status: 'accepted' };
    },
  });
  return createCategoryHandler('messaging', [sendLike]) as unknown as Invoke;
}

const DEPLOYED = { LOG_LEVEL: 'info', POWERTOOLS_METRICS_DISABLED: 'false' };
let handler: Invoke;
beforeAll(async () => {
  handler = await handlerWith(DEPLOYED);
});

const CUSTOMER = '+15551234567';
const TEXT = 'my very private words';
const input = { to: CUSTOMER, text: TEXT, metaWabaId: '1234567890', phoneNumberId: 'phone-number-id-abc' };

function authorizedHttpEvent(body: unknown) {
  const event = httpEvent('POST', '/messaging/send_like', body) as any;
  event.headers.authorization = 'Bearer super-secret-api-key';
  event.requestContext.authorizer = { lambda: { keyId: 'key-42', keyName: 'ops' } };
  return event;
}


describe('request log lines', () => {
  it('carry request id, function, action, API key id, WABA and phone ids, and no phone number, text or key at info', async () => {
    const { result, lines, raw } = await captureOutput(() => handler(authorizedHttpEvent(input), { ...lambdaContext, functionName: 'whatsapp-eum-dev-messaging' }));
    expect(result.statusCode).toBe(200);
    const line = lines.find((l) => l.message === 'request finished');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'whatsapp-eum',
      function_request_id: 'test-request',
      correlation_id: 'test-request',
      function_name: 'whatsapp-eum-dev-messaging',
      action: 'send_like',
      apiKeyId: 'key-42',
      wabaId: '1234567890',
      phoneNumberId: 'phone-number-id-abc',
      statusCode: 200,
    });
    expect(typeof line!.latencyMs).toBe('number');
    expect(raw).not.toContain('5551234567');
    expect(raw).not.toContain(TEXT);
    expect(raw).not.toContain('super-secret-api-key');
  });

  it('show the input only at debug (LOG_LEVEL=debug)', async () => {
    const debugHandler = await handlerWith({ ...DEPLOYED, LOG_LEVEL: 'debug' });
    const { lines } = await captureOutput(() => debugHandler({ action: 'send_like', ...input }, lambdaContext));
    expect(lines.find((l) => l.message === 'action input')).toMatchObject({ level: 'DEBUG', input: { to: CUSTOMER, text: TEXT } });
  });

  it('a 4xx names the error class at info, and its message (which may quote input) only at debug', async () => {
    const { result, raw, lines } = await captureOutput(() => handler({ action: 'send_like', ...input, fail: 'conflict' }, lambdaContext));
    expect(result).toMatchObject({ statusCode: 400, fields: [{ field: 'to', reason: 'customer +15557654321 is another one' }] });
    expect(result.correlationId).toBeUndefined();
    expect(lines.find((l) => l.message === 'request finished')).toMatchObject({ statusCode: 400, errorType: 'ValidationError' });
    expect(raw).not.toContain('5557654321');
  });

  it('the logger honours LOG_LEVEL from the environment', async () => {
    for (const [env, level] of [['debug', 'DEBUG'], ['warn', 'WARN'], ['error', 'ERROR']] as const) {
      vi.resetModules();
      vi.stubEnv('LOG_LEVEL', env);
      const fresh = await import('../../shared/observability/powertools');
      expect(fresh.logger.getLevelName()).toBe(level);
    }
    vi.unstubAllEnvs();
  });
});

describe('5xx answers', () => {
  it('say what happened in our words, with a correlation id in the body, the header and the error log line', async () => {
    const { result, lines, raw } = await captureOutput(() => handler(authorizedHttpEvent({ ...input, fail: 'store' }), lambdaContext));
    expect(result.statusCode).toBe(500);
    expect(result.headers['x-correlation-id']).toBe('test-request');
    const body = JSON.parse(result.body);
    expect(body).toEqual({ statusCode: 500, error: 'Message sent but storing it failed. Do not resend.', sent: true, correlationId: 'test-request' });
    expect(result.body).not.toMatch(/arn:aws|secret-table|dynamodb/);
    // The log line has the whole story, under the same id.
    const line = lines.find((l) => l.message === 'request failed');
    expect(line).toMatchObject({ level: 'ERROR', correlation_id: 'test-request', statusCode: 500, action: 'send_like' });
    expect(JSON.stringify(line!.error)).toContain('secret-table');
    expect(raw).not.toContain(TEXT);
  });

  it('an unexpected error is a generic 500 naming the correlation id, never its message', async () => {
    const { result, lines } = await captureOutput(() => handler({ action: 'send_like', ...input, fail: 'bug' }, { ...lambdaContext, awsRequestId: 'req-77' }));
    expect(result).toEqual({ statusCode: 500, error: expect.stringContaining('req-77'), correlationId: 'req-77' });
    expect(result.error).not.toMatch(/arn:aws|secret-table|cannot read/);
    expect(lines.find((l) => l.message === 'request failed')).toMatchObject({ correlation_id: 'req-77', error: { name: 'TypeError' } });
  });

  it('every HTTP answer carries the x-correlation-id header, success included', async () => {
    const { result } = await captureOutput(() => handler(authorizedHttpEvent(input), lambdaContext));
    expect(result.headers['x-correlation-id']).toBe('test-request');
    expect(JSON.parse(result.body).correlationId).toBeUndefined();
  });
});

describe('action metrics (EMF)', () => {
  it('count, latency by action, and errors by action and status', async () => {
    const ok = await captureOutput(() => handler({ action: 'send_like', ...input }, lambdaContext));
    const okMetrics = emfMetrics(ok.lines);
    expect(okMetrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ namespace: 'WhatsAppEum', name: 'Requests', unit: 'Count', value: 1, dimensions: { service: 'whatsapp-eum', action: 'send_like' } }),
        expect.objectContaining({ name: 'Latency', unit: 'Milliseconds', dimensions: { service: 'whatsapp-eum', action: 'send_like' } }),
      ]),
    );
    expect(okMetrics.find((m) => m.name === 'Errors')).toBeUndefined();

    const failed = await captureOutput(() => handler({ action: 'send_like', ...input, fail: 'store' }, lambdaContext));
    expect(emfMetrics(failed.lines)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Errors', value: 1, dimensions: { service: 'whatsapp-eum', action: 'send_like', status: '500' } })]),
    );
  });

  it('no line about `action` being both a dimension and in a dimension set (the EMF we mean)', async () => {
    const { raw, lines } = await captureOutput(() => handler({ action: 'send_like', ...input }, lambdaContext));
    expect(emfMetrics(lines).some((m) => m.name === 'Requests')).toBe(true);
    expect(raw).not.toContain('EMF key');
  });

  it('an unknown action is counted as `unknown`, so a caller cannot invent dimensions', async () => {
    const { lines } = await captureOutput(() => handler({ action: 'made_up_name' }, lambdaContext));
    const errors = emfMetrics(lines).filter((m) => m.name === 'Errors');
    expect(errors.map((m) => m.dimensions)).toEqual([
      { service: 'whatsapp-eum', action: 'unknown' },
      { service: 'whatsapp-eum', action: 'unknown', status: '404' },
    ]);
  });
});
