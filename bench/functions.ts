import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, SNSEvent } from 'aws-lambda';
import { DEMO_PHONE } from '../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue } from '../local/standins/eum/envelope';

/** A deployed function as the bench sees it: functions/<name>/handler.ts exporting `handler`. */
export interface BenchFunction {
  name: string;
  entry: string;
  /** The event of one cold start; `__RUN__` is replaced by digits of its own in every run (new customer, new ids). */
  event: unknown;
  /** What the event exercises, for the report. */
  eventNote: string;
}

/** What the events need from the bench's local services (bench/cold-start-services.ts). */
export interface EventContext {
  apiKey: string;
}

const requestContext = (routeKey: string, path: string) => ({
  accountId: '123456789012',
  apiId: 'bench',
  domainName: 'bench.execute-api.us-east-1.amazonaws.com',
  domainPrefix: 'bench',
  http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
  requestId: 'bench-request',
  routeKey,
  stage: '$default',
  time: '01/Jan/2025:00:00:00 +0000',
  timeEpoch: 1735689600000,
});

const authorizerEvent = (apiKey: string): APIGatewayRequestAuthorizerEventV2 => ({
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:123456789012:bench/$default/POST/config/ping',
  identitySource: [`Bearer ${apiKey}`],
  routeKey: 'POST /config/ping',
  rawPath: '/config/ping',
  rawQueryString: '',
  cookies: [],
  headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', host: 'bench.execute-api.us-east-1.amazonaws.com' },
  requestContext: requestContext('POST /config/ping', '/config/ping'),
});

/** An inbound text from a new customer each run: a new message and a new conversation (ingest's two writes). */
const ingestEvent = (): SNSEvent => ({
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:bench:sub',
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        MessageId: 'bench-__RUN__',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:bench',
        Subject: '',
        Message: JSON.stringify(
          buildEnvelope({
            field: 'messages',
            value: inboundTextValue({ from: '1555__RUN__', text: 'hello', name: 'Bench', wamid: 'wamid.BENCH__RUN__', timestamp: new Date(Date.UTC(2026, 0, 1)) }),
          }),
        ),
        Timestamp: '2026-01-01T00:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
});

/** WhatsApp's call to the Flows endpoint, unsigned: the function reads its keys, then refuses it (432). */
const flowEndpointEvent = (): Partial<APIGatewayProxyEventV2> => ({
  version: '2.0',
  rawPath: '/flows/flow_data_exchange',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ encrypted_flow_data: 'AA==', encrypted_aes_key: 'AA==', initial_vector: 'AA==' }),
  isBase64Encoded: false,
});

const phone = { phoneNumberId: DEMO_PHONE.phoneNumberId };

/** Each function's cold-start event: its everyday work, answered by the local services. */
function events(ctx: EventContext): Record<string, { event: unknown; eventNote: string }> {
  return {
    authorizer: { event: authorizerEvent(ctx.apiKey), eventNote: 'Bearer key → allow (1 GetItem)' },
    'business-profile': { event: { action: 'get_business_profile', ...phone }, eventNote: 'get_business_profile (Graph, token, profile item)' },
    calling: { event: { action: 'get_call_logs' }, eventNote: 'get_call_logs (1 query)' },
    config: { event: { action: 'get_wabas' }, eventNote: 'get_wabas (accounts cache)' },
    conversations: { event: { action: 'get_conversations', ...phone }, eventNote: 'get_conversations (accounts, inbox query)' },
    'flow-endpoint': { event: flowEndpointEvent(), eventNote: 'unsigned request → keys from Secrets Manager, refused' },
    flows: { event: { action: 'get_flows' }, eventNote: 'get_flows (EUM list)' },
    groups: { event: { action: 'get_groups', ...phone }, eventNote: 'get_groups (Graph, token, pending requests)' },
    ingest: { event: ingestEvent(), eventNote: 'one inbound text, new customer' },
    media: { event: { action: 'get_upload_url', fileName: 'photo-__RUN__.jpg', contentType: 'image/jpeg' }, eventNote: 'get_upload_url (presign)' },
    messaging: { event: { action: 'send_text', to: '+1555__RUN__', text: 'hello', ...phone }, eventNote: 'send_text to a new customer' },
    templates: { event: { action: 'get_templates' }, eventNote: 'get_templates (EUM list)' },
    webhooks: { event: { action: 'list_dead_letters' }, eventNote: 'list_dead_letters (SQS receive)' },
  };
}
const DEFAULT_EVENT = { event: {}, eventNote: '{} → 400 (no action)' };

/** Every functions/<name>/handler.ts, sorted by name. BENCH_FUNCTIONS=a,b limits the list. */
export function discoverFunctions(root: string, ctx: EventContext): BenchFunction[] {
  const dir = path.join(root, 'functions');
  const only = process.env.BENCH_FUNCTIONS?.split(',').filter(Boolean);
  const known = events(ctx);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'handler.ts')))
    .map((d) => d.name)
    .filter((name) => !only || only.includes(name))
    .sort()
    .map((name) => ({ name, entry: path.join(dir, name, 'handler.ts'), ...(known[name] ?? DEFAULT_EVENT) }));
}
