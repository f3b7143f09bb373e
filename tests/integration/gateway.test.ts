import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { startGateway, type Gateway } from '../../local/gateway';

/**
 * The local cloud's gateway in front of serverless offline. The upstream here answers exactly as serverless offline
 * 14 does for an HTTP API (payload 2.0) function that timed out or threw: HTTP 200 with a Lambda error object
 * (node_modules/serverless-offline/src/events/http/HttpServer.js), which is what clients saw under load.
 */

let upstream: Server;
let gateway: Gateway;
const lines: string[] = [];

const offlineAnswers: Record<string, { status: number; body: string }> = {
  '/messaging/send_text': { status: 200, body: JSON.stringify({ statusCode: 200, operation: 'send_text', messageId: 'm-1' }) },
  '/messaging/timeout': { status: 200, body: JSON.stringify({ errorMessage: '[504] - Lambda timeout.', errorType: 'LambdaTimeoutError', stackTrace: ['at x'] }) },
  '/messaging/crash': { status: 200, body: JSON.stringify({ errorMessage: 'boom', errorType: 'TypeError', stackTrace: [] }) },
  '/messaging/bad-input': { status: 400, body: JSON.stringify({ statusCode: 400, error: 'Invalid request: text: required' }) },
};

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const answer = offlineAnswers[req.url ?? ''] ?? { status: 404, body: '{}' };
    res.writeHead(answer.status, { 'content-type': 'application/json', 'x-from-upstream': 'yes' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  gateway = await startGateway({ port: 0, host: '127.0.0.1', upstream: `http://127.0.0.1:${port}`, timeoutMs: 5_000, log: (l) => lines.push(l) });
});

afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => upstream.close(resolve));
});

const post = (path: string) => fetch(`${gateway.url}${path}`, { method: 'POST', body: '{}' });

describe('local cloud gateway', () => {
  it('passes answers through unchanged, errors the function chose included', async () => {
    const ok = await post('/messaging/send_text');
    const bad = await post('/messaging/bad-input');

    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-from-upstream')).toBe('yes');
    expect(await ok.json()).toEqual({ statusCode: 200, operation: 'send_text', messageId: 'm-1' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ statusCode: 400, error: 'Invalid request: text: required' });
  });

  it('a Lambda timeout reported as HTTP 200 becomes a 504 in our error shape, with one log line', async () => {
    const res = await post('/messaging/timeout');
    const body = (await res.json()) as { statusCode: number; error: string; correlationId: string };

    expect(res.status).toBe(504);
    expect(body).toMatchObject({ statusCode: 504, error: expect.stringContaining('may or may not have taken effect') });
    expect(res.headers.get('x-correlation-id')).toBe(body.correlationId);
    expect(lines.filter((l) => l.includes(body.correlationId))).toEqual([expect.stringContaining('POST /messaging/timeout -> 504')]);
  });

  it('a crashed function becomes a 502 naming the error', async () => {
    const res = await post('/messaging/crash');

    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ statusCode: 502, error: expect.stringContaining('TypeError: boom') });
  });

  it('a 20 KB header gets 431 in our JSON shape, not an empty 400', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${gateway.url}/config/ping`, { method: 'POST', headers: { 'x-big': 'a'.repeat(20_000) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end('{}');
    });

    expect(status).toBe(431);
    expect(JSON.parse(body)).toMatchObject({ statusCode: 431, error: expect.stringContaining('10240 bytes'), correlationId: expect.any(String) });
  });

  it('when offline is not running the answer is a 502 saying so', async () => {
    const down = await startGateway({ port: 0, host: '127.0.0.1', upstream: `http://127.0.0.1:${await freePort()}`, timeoutMs: 5_000, log: () => {} });
    try {
      const res = await fetch(`${down.url}/config/ping`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ statusCode: 502, error: expect.stringContaining('not answering') });
    } finally {
      await down.close();
    }
  });
});
