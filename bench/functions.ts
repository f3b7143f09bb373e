import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2, SNSEvent } from 'aws-lambda';

/** A deployed function as the bench sees it: functions/<name>/handler.ts exporting `handler`. */
export interface BenchFunction {
  name: string;
  entry: string;
  /** An event the function answers from memory: no DynamoDB, S3, SQS or EUM Social. */
  event: unknown;
  /** What the event exercises, for the report. */
  eventNote: string;
}

const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:123456789012:bench/$default/POST/config/ping',
  identitySource: [],
  routeKey: 'POST /config/ping',
  rawPath: '/config/ping',
  rawQueryString: '',
  cookies: [],
  headers: { 'content-type': 'application/json', host: 'bench.execute-api.us-east-1.amazonaws.com' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'bench.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'bench',
    http: { method: 'POST', path: '/config/ping', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench-request',
    routeKey: 'POST /config/ping',
    stage: '$default',
    time: '01/Jan/2025:00:00:00 +0000',
    timeEpoch: 1735689600000,
  },
};

const ingestEvent: SNSEvent = { Records: [] };

/** Known functions' events; a category added later gets a direct event without `action` (400, no network). */
const EVENTS: Record<string, { event: unknown; eventNote: string }> = {
  config: { event: { action: 'ping' }, eventNote: "{action:'ping'} → 200" },
  messaging: { event: { action: 'send_text' }, eventNote: "{action:'send_text'} → 400 (zod)" },
  conversations: { event: { action: 'get_messages' }, eventNote: "{action:'get_messages'} → 400 (zod)" },
  authorizer: { event: authorizerEvent, eventNote: 'HTTP API v2 request, no Authorization → deny' },
  ingest: { event: ingestEvent, eventNote: '{Records: []}' },
};
const DEFAULT_EVENT = { event: {}, eventNote: '{} → 400 (no action)' };

/** Every functions/<name>/handler.ts, sorted by name. */
export function discoverFunctions(root: string): BenchFunction[] {
  const dir = path.join(root, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, entry: path.join(dir, name, 'handler.ts'), ...(EVENTS[name] ?? DEFAULT_EVENT) }));
}
