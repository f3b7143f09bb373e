/**
 * send_text on a warm function against its I/O floor: the messaging handler as deployed (its esbuild bundle, direct
 * invocation, one in flight) next to the same EUM Social and DynamoDB calls made directly with plain SDK clients,
 * alternating, on DynamoDB Local and the EUM stand-in. Also the DynamoDB requests each send costs, and correctness: every message sent once and
 * stored once, and, once its statuses came through ingest (shuffled, several in flight; for some sends racing the
 * store itself), at `read` with nothing left waiting. BENCH_ONLY=sends runs only this section; BENCH_SEND_MESSAGES
 * sets the timed sends (default 300).
 */
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { DEMO_PHONE } from '../local/standins/eum/demo-account';
import { startEumStandin } from '../local/standins/eum/server';
import { freePort } from '../local/free-port';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { ensureTable } from '../local/table';
import { loadBundle, loadIngestBundle, pool, snsEvent } from './ingest-bundle';
import { fmtSummary, summarize, table as renderTable } from './stats';

export const SEND_TARGETS = { ratioToFloor: 1.2 };

type Invoke = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const context = { awsRequestId: 'bench', functionName: 'bench-messaging', getRemainingTimeInMillis: () => 29_000 };

export const benchSend = (): Promise<{ errors: string[] }> => measure();

/** The handler logs a line per request as deployed; those are dropped here, not printed into the report. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && (chunk.startsWith('{"level"') || chunk.startsWith('{"_aws"')) ? true : write(chunk as string, ...(rest as []))) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function measure(): Promise<{ errors: string[] }> {
  const n = Number(process.env.BENCH_SEND_MESSAGES ?? 300);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  // Statuses go to ingest only while `racing`: in the timed part they are recorded (eum.published), not delivered.
  let racing = false;
  const racingDeliveries: Promise<unknown>[] = [];
  let ingest: ((body: string) => Promise<unknown>) | undefined;
  const eum = await startEumStandin({
    port: 0,
    statusDelayMs: 0,
    publish: async (body) => void (racing && ingest && racingDeliveries.push(ingest(body))),
    logger: () => {},
  });
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
    // Loaded only now: the handlers read their configuration at load. Ingest as deployed (its own bundle and client).
    const app = await loadIngestBundle(path.resolve(__dirname, '..'));
    // As Lambda invokes an SNS subscriber: a failed invocation (a transient fault, a conflict) is retried, twice.
    let ingestRetries = 0;
    ingest = async (body) => {
      const event = snsEvent(body);
      for (let attempt = 1; ; attempt++) {
        try {
          return await quietly(() => app.handler(event));
        } catch (err) {
          if (attempt === 3) throw err;
          ingestRetries++;
        }
      }
    };
    // Messaging as deployed too: its own bundle, with its DynamoDB client to count the handler's requests.
    const { handler: messaging, dynamo: messagingDynamo } = await loadBundle<{ handler: Invoke; dynamo: typeof import('../shared/table/client').dynamo }>(
      path.resolve(__dirname, '..'),
      'messaging',
      ["export { handler } from './functions/messaging/handler';", "export { dynamo } from './shared/table/client';"],
    );
    let requests = 0;
    messagingDynamo().middlewareStack.add((next) => async (args) => {
      requests++;
      return next(args);
    }, { step: 'initialize', name: 'benchRequestCounter' });

    // Customers with an open window (they wrote, through ingest), so send_text checks and passes it.
    const customers = Array.from({ length: n }, (_, i) => `1555${String(2_000_000 + i).slice(1)}`);
    await pool(n, 4, async (i) => ingest!((await eum.customerWrites({ from: customers[i]!, text: 'hi', deliver: false })).body));

    const doc = DynamoDBDocumentClient.from(raw);
    const plainEum = new SocialMessagingClient({ endpoint: eum.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const sendText = (to: string, text: string) => quietly(() => messaging({ action: 'send_text', to, text }, context));
    const sentIds: string[] = [];
    const send = async (to: string, text: string) => {
      const res = await sendText(to, text);
      if (res.statusCode !== 200) throw new Error(`send_text answered ${JSON.stringify(res)}`);
      sentIds.push(res.messageId as string);
      return res.messageId as string;
    };
    // Warm both sides (JIT, connections, the accounts in memory).
    for (let i = 0; i < 30; i++) await send(customers[i % n]!, `warm ${i}`);
    const sample = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${sentIds[0]}` } }))).Item!;

    // Each floor conversation is a copy of the customer's (the same item, so the same sizes and GSI upkeep).
    const floorConv = (i: number) => `FLOOR_CONV#${i % n}`;
    await pool(n, 4, async (i) => {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CONV#${DEMO_PHONE.arn}#${customers[i]}` } }));
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...Item, pk: floorConv(i) } }));
    });
    /** The floor: what send_text does on the wire, made directly: window read, EUM send, one transaction. */
    const floorSend = async (i: number) => {
      const customer = customers[i % n]!;
      await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CONV#${DEMO_PHONE.arn}#${customer}` }, ConsistentRead: true, ProjectionExpression: 'windowExpiresAt' }));
      const message = { messaging_product: 'whatsapp', recipient_type: 'individual', to: customer, type: 'text', text: { body: `floor ${i}` } };
      const out = await plainEum.send(
        new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: new TextEncoder().encode(JSON.stringify(message)), metaApiVersion: 'v23.0' }),
      );
      const now = new Date().toISOString();
      const pk = `FLOOR_MSG#${out.messageId}`;
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...sample, pk, messageId: out.messageId, eumMessageId: out.messageId, conversationPk: floorConv(i), to: customer, payload: message, preview: `floor ${i}`, acceptedAt: now, receivedAt: now, createdAt: now }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: tableName,
                Key: { pk: floorConv(i) },
                UpdateExpression:
                  'SET itemType = :t, inboxPk = :inbox, phoneArn = :arn, customer = :c, createdAt = if_not_exists(createdAt, :now), updatedAt = :now, phoneNumberId = :pid, wabaId = :waba, lastMessage = :p, lastMessageType = :type, lastMessageDirection = :dir, lastMessageId = :mid, lastMessageAt = :now, receivedAt = :now, lastOutboundAt = :now',
                ExpressionAttributeValues: { ':t': 'CONVERSATION', ':inbox': 'FLOOR_INBOX', ':arn': DEMO_PHONE.arn, ':c': customer, ':now': now, ':pid': DEMO_PHONE.phoneNumberId, ':waba': sample.wabaId, ':p': `floor ${i}`, ':type': 'text', ':dir': 'OUTBOUND', ':mid': out.messageId },
              },
            },
            { ConditionCheck: { TableName: tableName, Key: { pk: `PENDING_STATUS#${out.messageId}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    };
    for (let i = 0; i < 30; i++) await floorSend(i);

    // Timed: alternate handler and floor, so neither side gets a warmer engine than the other.
    const handlerMs: number[] = [];
    const floorMs: number[] = [];
    const timedFrom = sentIds.length;
    requests = 0;
    // CPU of this process (the handler or the direct calls, and the EUM stand-in, which serves both): less
    // sensitive than wall time to other work on a shared machine.
    const cpuMs = { handler: 0, floor: 0 };
    const cpuOf = (from: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000;
    };
    for (let i = 0; i < n; i++) {
      let cpu = process.cpuUsage();
      let t = performance.now();
      await send(customers[i]!, `timed ${i}`);
      handlerMs.push(performance.now() - t);
      cpuMs.handler += cpuOf(cpu);
      cpu = process.cpuUsage();
      t = performance.now();
      await floorSend(i);
      floorMs.push(performance.now() - t);
      cpuMs.floor += cpuOf(cpu);
    }
    const perSend = requests / n;
    const h = summarize(handlerMs)!;
    const f = summarize(floorMs)!;

    // Statuses racing the store: delivered to ingest the moment EUM publishes them, while the handler stores.
    const raced = Math.min(50, n);
    racing = true;
    const racedIds: string[] = [];
    let foldedEarly = 0; // sends whose store found a status already waiting (more than the common 2 requests)
    for (let i = 0; i < raced; i++) {
      const before = requests;
      racedIds.push(await send(customers[i]!, `raced ${i}`));
      if (requests - before > 2) foldedEarly++;
    }
    await eum.idle();
    await Promise.all(racingDeliveries);
    racing = false;

    // With an idempotency key: the claim and its completion are more requests.
    requests = 0;
    const keyed = Math.min(50, n);
    for (let i = 0; i < keyed; i++) {
      const res = await quietly(() => messaging({ action: 'send_text', to: customers[i]!, text: `keyed ${i}`, idempotencyKey: `bench-${i}` }, context));
      if (res.statusCode !== 200) throw new Error(`send_text with a key answered ${JSON.stringify(res)}`);
      sentIds.push(res.messageId as string);
    }
    const perKeyed = requests / keyed;

    // Every other send's statuses, shuffled, 8 in flight (each status is its own SNS delivery, as on AWS).
    await eum.idle();
    const ours = new Set(sentIds);
    const racedSet = new Set(racedIds);
    const late = shuffle(eum.published.filter((p) => ours.has(p.messageId) && !racedSet.has(p.messageId)).map((p) => p.body));
    await pool(late.length, 8, (i) => ingest!(late[i]!));

    const check = await checkStored(doc, tableName, sentIds, eum.sends.map((s) => s.messageId));
    if (check.problem) errors.push(`correctness: ${check.problem}`);

    const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
    console.log(`DynamoDB Local (in memory) and the EUM stand-in; ${n} send_text, one in flight, direct invocation of a warm function; load average ${load} on ${os.cpus().length} cores\n`);
    console.log(
      renderTable(
        ['send_text', 'handler ms median (min–max)', 'floor ms', 'handler / floor', 'target', 'DynamoDB requests per send'],
        [['free-form text, window open', fmtSummary(h, 2), fmtSummary(f, 2), (h.median / f.median).toFixed(2), `≤ ${SEND_TARGETS.ratioToFloor}`, perSend.toFixed(2)]],
      ),
    );
    console.log('floor: the same calls made directly: window GetItem (consistent, windowExpiresAt only), EUM SendWhatsAppMessage, the message+conversation transaction\n');
    console.log(
      renderTable(
        ['measure', 'value'],
        [
          ['CPU ms per send in this process: handler / floor', `${(cpuMs.handler / n).toFixed(2)} / ${(cpuMs.floor / n).toFixed(2)}`],
          ['DynamoDB requests per send with an idempotencyKey', perKeyed.toFixed(2)],
          ['before (issue 10.4): DynamoDB requests per free-form send', '4 (accounts cache, window, transaction, pending-status read)'],
          ['sends / distinct ids / stored once / reached EUM once', `${sentIds.length} / ${new Set(sentIds).size} / ${check.stored} / ${check.reachedOnce}`],
          [`at read after their statuses (${raced} raced the store, ${foldedEarly} of them found a status waiting)`, `${check.read} / ${sentIds.length}`],
          ['statuses left waiting (PENDING_STATUS)', String(check.waiting)],
          ['ingest invocations retried (as Lambda would)', String(ingestRetries)],
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

/** Every send stored once under its id, at `read`, with no status left waiting; each reached EUM exactly once. */
async function checkStored(doc: DynamoDBDocumentClient, tableName: string, ids: string[], eumIds: string[]) {
  let stored = 0;
  let read = 0;
  let waiting = 0;
  for (const id of ids) {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${id}` }, ConsistentRead: true }));
    if (Item?.messageId === id && Item.direction === 'OUTBOUND') stored++;
    if (Item?.status === 'read') read++;
    if ((await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `PENDING_STATUS#${id}` }, ConsistentRead: true }))).Item) waiting++;
  }
  const reached = new Map<string, number>();
  for (const id of eumIds) reached.set(id, (reached.get(id) ?? 0) + 1);
  const reachedOnce = ids.filter((id) => reached.get(id) === 1).length;
  const n = ids.length;
  const ok = new Set(ids).size === n && stored === n && read === n && waiting === 0 && reachedOnce === n;
  return { stored, read, waiting, reachedOnce, problem: ok ? undefined : `${n} sends: ${new Set(ids).size} distinct, ${stored} stored, ${read} read, ${waiting} waiting, ${reachedOnce} reached EUM once` };
}

// `npx tsx bench/send-path.ts` runs this section alone (e.g. under --cpu-prof).
if (require.main === module) {
  measure().then(
    ({ errors }) => {
      for (const e of errors) console.error(`problem: ${e}`);
      process.exitCode = errors.length ? 1 : 0;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
