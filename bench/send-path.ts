/**
 * send_text on a warm function against its I/O floor: the real messaging handler (direct invocation, one in flight)
 * next to the same EUM Social and DynamoDB calls made directly with plain SDK clients, on DynamoDB Local and the EUM
 * stand-in. Also the DynamoDB requests each send costs, and a correctness check: every message sent once and stored
 * once. BENCH_ONLY=send runs only this section; BENCH_SEND_MESSAGES sets the sends per variant (default 300).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { DEMO_PHONE } from '../local/standins/eum/demo-account';
import { startEumStandin } from '../local/standins/eum/server';
import { freePort } from '../local/free-port';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { ensureTable } from '../local/table';
import { runNode } from './spawn';
import { fmtSummary, summarize, table as renderTable } from './stats';

export const SEND_TARGETS = { ratioToFloor: 1.2 };

type Invoke = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const context = { awsRequestId: 'bench', functionName: 'bench-messaging', getRemainingTimeInMillis: () => 29_000 };

/**
 * The handlers import @middy/core, which is ESM-only: under tsx's CommonJS it resolves only with the `import`
 * condition (Node 20.19+ then requires the ES module). So the section runs in a child started with it.
 */
export async function benchSend(): Promise<{ errors: string[] }> {
  if (process.execArgv.includes('--conditions=import')) return measure();
  const tsxCli = require.resolve('tsx/cli');
  const run = await runNode([tsxCli, '--conditions=import', __filename], { ...process.env, BENCH_SEND_CHILD: '1' }, path.resolve(__dirname, '..'), 30 * 60_000);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.code !== 0) return { errors: [`the send bench child exited ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}`] };
  const problems = /^bench-send-problem: (.*)$/gm;
  return { errors: [...run.stdout.matchAll(problems)].map((m) => m[1]!) };
}

async function measure(): Promise<{ errors: string[] }> {
  const n = Number(process.env.BENCH_SEND_MESSAGES ?? 300);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const eum = await startEumStandin({ port: 0, statusDelayMs: 60_000, publish: async () => {}, logger: () => {} });
  const errors: string[] = [];
  try {
    const tableName = 'bench-send';
    const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(raw, tableName);
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SOCIALMESSAGING: eum.url,
      TABLE_NAME: tableName,
      MEDIA_BUCKET: 'bench-media',
      INGEST_DLQ_URL: 'http://127.0.0.1:1/unused',
      META_API_VERSION: 'v23.0',
      ACCOUNT_CACHE_SECONDS: '600',
      LOG_LEVEL: 'error',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    // Imported only now: the handlers read their configuration at load.
    const messaging = (await import('../functions/messaging/handler')).handler as unknown as Invoke;
    const ingest = (await import('../functions/ingest/handler')).handler as unknown as Invoke;
    const { dynamo: sharedDynamo } = await import('../shared/table/client');
    let requests = 0;
    sharedDynamo().middlewareStack.add((next) => async (args) => {
      requests++;
      return next(args);
    }, { step: 'initialize', name: 'benchRequestCounter' });

    // Customers with an open window (they wrote, through the real ingest), so send_text checks and passes it.
    const customers = Array.from({ length: n }, (_, i) => `1555${String(2_000_000 + i).slice(1)}`);
    for (const from of customers) {
      const wrote = await eum.customerWrites({ from, text: 'hi', deliver: false });
      await ingest({ Records: [{ EventSource: 'aws:sns', Sns: { MessageId: randomUUID(), Message: wrote.body, Timestamp: new Date().toISOString() } }] }, context);
    }

    const doc = DynamoDBDocumentClient.from(raw);
    const plainEum = new SocialMessagingClient({ endpoint: eum.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const sendText = (to: string, text: string) => messaging({ action: 'send_text', to, text }, context);
    // Warm both sides (JIT, connections, the accounts cache) on throwaway customers.
    for (let i = 0; i < 30; i++) await sendText(customers[i % customers.length]!, `warm ${i}`);
    const sample = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${(await sendText(customers[0]!, 'sample')).messageId}` } }))).Item!;
    const sampleConv = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: sample.conversationPk } }))).Item!;

    /** The floor: what send_text does on the wire, made directly (window read only when the handler reads it). */
    const floorSend = async (i: number, readWindow: boolean) => {
      const convPk = `FLOOR_CONV#${i}`;
      if (readWindow) await doc.send(new GetCommand({ TableName: tableName, Key: { pk: convPk }, ConsistentRead: true }));
      const message = { messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${customers[i]}`, type: 'text', text: { body: `floor ${i}` } };
      const out = await plainEum.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: new TextEncoder().encode(JSON.stringify(message)), metaApiVersion: 'v23.0' }));
      const now = new Date().toISOString();
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...sample, pk: `FLOOR_MSG#${out.messageId}`, messageId: out.messageId, conversationPk: convPk, receivedAt: now, createdAt: now } } },
            { Update: { TableName: tableName, Key: { pk: convPk }, UpdateExpression: 'SET lastMessage = :p, lastMessageAt = :now, receivedAt = :now, inboxPk = :inbox', ExpressionAttributeValues: { ':p': `floor ${i}`, ':now': now, ':inbox': 'FLOOR_INBOX' } } },
            { ConditionCheck: { TableName: tableName, Key: { pk: `PENDING_STATUS#${out.messageId}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    };
    for (let i = 0; i < 30; i++) await floorSend(n + i, true);
    void sampleConv;

    // Two variants: the first send to each customer (the window is read), then a second one (seen open: no read).
    const rows: string[][] = [];
    const sentIds: string[] = [];
    const sendsBefore = eum.sends.length;
    for (const [variant, readWindow] of [['first send to a customer', true], ['next send, same customer', false]] as const) {
      const handlerMs: number[] = [];
      const floorMs: number[] = [];
      requests = 0;
      for (let i = 0; i < n; i++) {
        // Alternate so neither side gets a warmer engine than the other.
        let t = performance.now();
        const res = await sendText(customers[i]!, `${variant} ${i}`);
        handlerMs.push(performance.now() - t);
        if (res.statusCode !== 200) throw new Error(`send_text answered ${JSON.stringify(res)}`);
        sentIds.push(res.messageId as string);
        t = performance.now();
        await floorSend(readWindow ? i : n + (i % 30), readWindow);
        floorMs.push(performance.now() - t);
      }
      const perSend = requests / n;
      const h = summarize(handlerMs)!;
      const f = summarize(floorMs)!;
      rows.push([variant, fmtSummary(h, 2), fmtSummary(f, 2), (h.median / f.median).toFixed(2), `≤ ${SEND_TARGETS.ratioToFloor}`, perSend.toFixed(2)]);
    }

    // With an idempotency key: the claim and its completion are two more requests.
    requests = 0;
    const keyed = 50;
    for (let i = 0; i < keyed; i++) {
      const res = await messaging({ action: 'send_text', to: customers[i]!, text: `keyed ${i}`, idempotencyKey: `bench-${i}` }, context);
      sentIds.push(res.messageId as string);
    }
    const perKeyed = requests / keyed;

    // Correctness: every send reached EUM once and is stored once.
    const sends = eum.sends.length - sendsBefore - 2 * n; // the floor's own sends are half of them
    let stored = 0;
    for (const id of sentIds) if ((await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${id}` } }))).Item?.messageId === id) stored++;
    const unique = new Set(sentIds).size;
    if (unique !== sentIds.length || stored !== sentIds.length || sends !== sentIds.length) {
      errors.push(`correctness: ${sentIds.length} sends, ${unique} distinct ids, ${stored} stored, ${sends} reached EUM`);
    }

    console.log(`DynamoDB Local (in memory) and the EUM stand-in; ${n} send_text per variant, one in flight, direct invocation\n`);
    console.log(renderTable(['send_text', 'handler ms median (min–max)', 'floor ms', 'handler / floor', 'target', 'DynamoDB requests per send'], rows));
    console.log('floor: the same EUM SendWhatsAppMessage and DynamoDB calls (window GetItem when read, the message+conversation transaction) made directly\n');
    console.log(
      renderTable(
        ['measure', 'value'],
        [
          ['DynamoDB requests per send with an idempotencyKey', perKeyed.toFixed(2)],
          ['messages sent / distinct ids / stored once / reached EUM', `${sentIds.length} / ${unique} / ${stored} / ${sends}`],
          ['before (issue 10.4): DynamoDB requests per free-form send', '4 (accounts cache, window, transaction, pending-status read)'],
        ],
      ),
    );
    raw.destroy();
    plainEum.destroy();
    return { errors };
  } finally {
    await eum.close();
    await dynamo.stop();
  }
}

if (process.env.BENCH_SEND_CHILD === '1' && require.main === module) {
  measure().then(
    ({ errors }) => {
      for (const e of errors) console.log(`bench-send-problem: ${e}`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
