import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { defineAction } from '../../shared/actions/registry';
import { UpstreamError } from '../../shared/errors';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { captureOutput } from '../helpers/capture-output';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';

const echo = defineAction({
  category: 'messaging',
  name: 'echo',
  description: 'test',
  input: z.object({ word: z.string().min(2, 'at least 2 characters'), times: z.number().int().max(3).default(1) }),
  handler: async ({ word, times }) => ({ said: word.repeat(times) }),
});
const boom = defineAction({
  category: 'messaging',
  name: 'boom',
  description: 'test',
  input: z.object({ kind: z.enum(['upstream', 'bug']) }),
  handler: async ({ kind }) => {
    if (kind === 'upstream') throw new UpstreamError('EUM is down', 502, true);
    throw new TypeError('secret internals');
  },
});
const handler = createCategoryHandler('messaging', [echo, boom]) as unknown as Invoke;

describe('category handler', () => {
  it('direct invocation returns the seed response object', async () => {
    expect(await handler({ action: 'echo', word: 'hi', times: 2 }, lambdaContext)).toEqual({ statusCode: 200, operation: 'echo', said: 'hihi' });
  });

  it('HTTP invocation takes the action from the path and returns the object as body with its status', async () => {
    const res = await handler(httpEvent('POST', '/messaging/echo', { word: 'yo' }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ statusCode: 200, operation: 'echo', said: 'yo' });
  });

  it('an empty HTTP body is an empty object, so defaults and required fields behave', async () => {
    const res = await handler(httpEvent('POST', '/messaging/echo'), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).fields[0].field).toBe('word');
  });

  it('validation errors list every field with its reason', async () => {
    const res = await handler({ action: 'echo', word: 'x', times: 9 }, lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.fields).toEqual([
      { field: 'word', reason: 'at least 2 characters' },
      { field: 'times', reason: expect.stringContaining('3') },
    ]);
  });

  it('a JSON array or string body is a 400, not a crash', async () => {
    expect((await handler(httpEvent('POST', '/messaging/echo', [1, 2]), lambdaContext)).statusCode).toBe(400);
    expect((await handler(httpEvent('POST', '/messaging/echo', '"text"', true), lambdaContext)).statusCode).toBe(400);
  });

  it('typed errors keep their status and details; unknown errors become a 500 without internals', async () => {
    const { result: upstream } = await captureOutput(() => handler({ action: 'boom', kind: 'upstream' }, lambdaContext));
    expect(upstream).toEqual({ statusCode: 502, error: 'EUM is down', retryable: true, correlationId: 'test-request' });
    const { result: bug } = await captureOutput(() => handler({ action: 'boom', kind: 'bug' }, lambdaContext));
    expect(bug.statusCode).toBe(500);
    expect(bug.error).not.toContain('secret');
  });
});
