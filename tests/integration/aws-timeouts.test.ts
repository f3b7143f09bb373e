import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListLinkedWhatsAppBusinessAccountsCommand } from '@aws-sdk/client-socialmessaging';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config';
import { clientBudgetSeconds, functionTimeoutSeconds, httpTimeouts } from '../../shared/aws/timeouts';
import { lambdaContext, type Invoke } from '../helpers/events';

/**
 * Issue 8.8: an AWS endpoint that accepts the connection and never answers ends the call with the clients' own
 * TimeoutError, well inside the function's time, and a category function answers 504 instead of being killed by
 * Lambda. FUNCTION_TIMEOUT_SECONDS=2 keeps the test short: each attempt may take 0.53 s.
 */
let hanging: Server;
const sockets = new Set<Socket>();
const SERVICES = ['DYNAMODB', 'S3', 'SQS', 'SNS', 'LAMBDA', 'SOCIALMESSAGING', 'SECRETS_MANAGER'];
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  hanging = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read the request, never answer
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  for (const name of ['FUNCTION_TIMEOUT_SECONDS', ...SERVICES.map((s) => `AWS_ENDPOINT_URL_${s}`)]) saved[name] = process.env[name];
  process.env.FUNCTION_TIMEOUT_SECONDS = '2';
  for (const s of SERVICES) process.env[`AWS_ENDPOINT_URL_${s}`] = endpoint;
  resetConfigForTests();
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfigForTests();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => hanging.close(resolve));
});

describe('AWS clients against an endpoint that never answers', () => {
  it('derive per-attempt timeouts that leave a fifth of the function for answering', () => {
    expect(httpTimeouts(29)).toMatchObject({ requestTimeout: 7733, socketTimeout: 7733, connectionTimeout: 3866, throwOnRequestTimeout: true });
    expect(httpTimeouts(10, 3).requestTimeout * 3).toBeLessThanOrEqual(8000);
    expect(httpTimeouts(60, 1).requestTimeout).toBe(48_000);
  });

  it("clients serving API Gateway get its 29 s budget, whatever the function's timeout; ingest and background jobs keep theirs", async () => {
    // The media function runs 300 s for its background uploads, but API Gateway stops waiting for a request at 29 s.
    expect(functionTimeoutSeconds('media')).toBe(300);
    expect(clientBudgetSeconds('media')).toBe(29);
    expect(clientBudgetSeconds('messaging')).toBe(29);
    expect(clientBudgetSeconds('flow-endpoint')).toBe(10);
    // SNS invokes ingest: no API Gateway between, its whole minute is usable.
    expect(clientBudgetSeconds('ingest')).toBe(60);

    // What is deployed: each function's clients derive their timeouts from its FUNCTION_TIMEOUT_SECONDS.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const generate = require('../../resources/functions.cjs') as () => Promise<Record<string, { timeout: number; environment: Record<string, string> }>>;
    const fns = await generate();
    expect(fns.media).toMatchObject({ timeout: 300, environment: { FUNCTION_TIMEOUT_SECONDS: '29' } });
    expect(fns.ingest).toMatchObject({ timeout: 60, environment: { FUNCTION_TIMEOUT_SECONDS: '60' } });
    // So a media request's AWS call gives up within 29 s over all attempts, not 80 s per attempt.
    expect(httpTimeouts(29).requestTimeout * 3).toBeLessThan(29_000);

    // The background upload's client: one attempt that may wait 240 s (shared/media/upload-jobs.ts).
    const clients = await import('../../shared/aws/clients');
    const handler = clients.socialMessagingForJobs().config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    expect(await handler.configProvider).toMatchObject({ requestTimeout: 240_000, socketTimeout: 240_000, throwOnRequestTimeout: true });
    expect(await clients.socialMessagingForJobs().config.maxAttempts()).toBe(1);
    const apiHandler = clients.socialMessaging().config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    expect((await apiHandler.configProvider).socketTimeout).toBeLessThan(29_000 / 3);
  });

  it('every client fails with a TimeoutError that names the limit, not a hang', async () => {
    const clients = await import('../../shared/aws/clients');
    const { dynamo } = await import('../../shared/table/client');
    const calls: [string, Promise<unknown>][] = [
      ['dynamodb', dynamo().send(new GetCommand({ TableName: 't', Key: { pk: 'x', sk: 'y' } }))],
      ['s3', clients.s3Client().send(new ListBucketsCommand({}))],
      ['sqs', clients.sqsClient().send(new ListQueuesCommand({}))],
      ['sns', clients.snsClient().send(new ListTopicsCommand({}))],
      ['lambda', clients.lambdaClient().send(new ListFunctionsCommand({}))],
      ['eum', clients.socialMessaging().send(new ListLinkedWhatsAppBusinessAccountsCommand({}))],
      ['secrets', clients.secretsManager().send(new GetSecretValueCommand({ SecretId: 'x' }))],
    ];
    const outcomes = await Promise.allSettled(calls.map(([, p]) => p));
    outcomes.forEach((outcome, i) => {
      expect(outcome.status, calls[i]![0]).toBe('rejected');
      const err = (outcome as PromiseRejectedResult).reason as Error;
      expect(err.name, `${calls[i]![0]}: ${err.message}`).toBe('TimeoutError');
      expect(err.message).toMatch(/\d+ ms/);
    });
  });

  it('a category function answers 504 with a correlation id when DynamoDB hangs', async () => {
    const conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
    const res = await conversations({ action: 'get_unread_count' }, lambdaContext);
    expect(res.statusCode).toBe(504);
    expect(res.error).toMatch(/did not answer in time/);
    expect(res.correlationId).toBe(lambdaContext.awsRequestId);
  });
});
