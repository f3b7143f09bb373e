/**
 * send_text on a warm function against its I/O floor: the messaging handler as deployed (its esbuild bundle, direct
 * invocation, one in flight) next to the same EUM Social and DynamoDB calls made directly with plain SDK clients
 * (bench/send-floor.ts), alternating, on DynamoDB Local and the EUM stand-in. Also the DynamoDB requests each send
 * costs, and correctness: every message sent once and stored once, and, once its statuses came through ingest
 * (shuffled, several in flight; for some sends racing the store itself), at `read` with nothing left waiting.
 * BENCH_ONLY=sends runs only this section; BENCH_SEND_MESSAGES sets the timed sends (default 300).
 */
import os from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { startEumStandin, type EumStandin } from '../local/standins/eum/server';
import { freePort } from '../local/free-port';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { loadBundle, loadIngestBundle, pool, prepareBenchTable, quietly, snsEvent } from './ingest-bundle';
import { prepareFloor } from './send-floor';
import { fmtSummary, summarize, table as renderTable, type Summary } from './stats';

export const SEND_TARGETS = { ratioToFloor: 1.2 };

type Invoke = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
const context = { awsRequestId: 'bench', functionName: 'bench-messaging', getRemainingTimeInMillis: () => 29_000 };
const ROOT = path.resolve(__dirname, '..');
const TABLE = 'bench-send';

export const benchSend = (): Promise<{ errors: string[] }> => measure();

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** What the measurements drive: both functions as deployed, the engines, and the counters. */
interface Rig {
  eum: EumStandin;
  doc: DynamoDBDocumentClient;
  plainEum: SocialMessagingClient;
  /** One SNS delivery to ingest, retried (twice) as Lambda retries a failed asynchronous invocation. */
  ingest: (body: string) => Promise<unknown>;
  messaging: Invoke;
  /** DynamoDB requests the messaging function made so far. */
  requests: () => number;
  ingestRetries: () => number;
  /** While on, EUM's statuses go to ingest the moment they are published (racing the send's store). */
  racing: { on: boolean; deliveries: Promise<unknown>[] };
}

async function startRig(dynamoEndpoint: string, eum: EumStandin, racing: Rig['racing']): Promise<Rig> {
  const raw = await prepareBenchTable(dynamoEndpoint, TABLE, {
    AWS_ENDPOINT_URL_SOCIALMESSAGING: eum.url,
    META_API_VERSION: 'v23.0',
    ACCOUNT_CACHE_SECONDS: '600',
    LOG_LEVEL: 'error',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  // Loaded only now: the handlers read their configuration at load. Each function its own bundle and client.
  const app = await loadIngestBundle(ROOT);
  const { handler: messaging, dynamo } = await loadBundle<{ handler: Invoke; dynamo: typeof import('../shared/table/client').dynamo }>(ROOT, 'messaging', [
    "export { handler } from './functions/messaging/handler';",
    "export { dynamo } from './shared/table/client';",
  ]);
  let requests = 0;
  dynamo().middlewareStack.add((next) => async (args) => {
    requests++;
    return next(args);
  }, { step: 'initialize', name: 'benchRequestCounter' });
  let retries = 0;
  const ingest = async (body: string) => {
    const event = snsEvent(body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await quietly(() => app.handler(event));
      } catch (err) {
        if (attempt === 3) throw err;
        retries++;
      }
    }
  };
  return {
    eum,
    doc: DynamoDBDocumentClient.from(raw),
    plainEum: new SocialMessagingClient({ endpoint: eum.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 }),
    ingest,
    messaging,
    requests: () => requests,
    ingestRetries: () => retries,
    racing,
  };
}

interface Timed {
  handler: Summary;
  floor: Summary;
  /** Median of each send's ratio to the floor call made right after it. */
  pairwise: number;
  requestsPerSend: number;
  cpuMs: { handler: number; floor: number };
}

/** Handler and floor alternate, so neither gets a warmer engine; CPU is this process's (the stand-in serves both). */
async function timeSends(rig: Rig, n: number, send: (i: number) => Promise<unknown>, floorSend: (i: number) => Promise<void>): Promise<Timed> {
  const handlerMs: number[] = [];
  const floorMs: number[] = [];
  const cpuMs = { handler: 0, floor: 0 };
  const timed = async (fn: () => Promise<unknown>, ms: number[], side: 'handler' | 'floor') => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuMs[side] += (used.user + used.system) / 1000;
  };
  const before = rig.requests();
  for (let i = 0; i < n; i++) {
    await timed(() => send(i), handlerMs, 'handler');
    await timed(() => floorSend(i), floorMs, 'floor');
  }
  return {
    handler: summarize(handlerMs)!,
    floor: summarize(floorMs)!,
    pairwise: summarize(handlerMs.map((ms, i) => ms / floorMs[i]!))!.median,
    requestsPerSend: (rig.requests() - before) / n,
    cpuMs: { handler: cpuMs.handler / n, floor: cpuMs.floor / n },
  };
}

/** Sends whose statuses go to ingest as EUM publishes them; counts the stores that found one already waiting. */
async function raceStatuses(rig: Rig, count: number, send: (i: number, text: string) => Promise<string>) {
  rig.racing.on = true;
  const ids: string[] = [];
  let foundWaiting = 0; // more than the common 2 requests: a status was folded into the store
  for (let i = 0; i < count; i++) {
    const before = rig.requests();
    ids.push(await send(i, `raced ${i}`));
    if (rig.requests() - before > 2) foundWaiting++;
  }
  await rig.eum.idle();
  await Promise.all(rig.racing.deliveries);
  rig.racing.on = false;
  return { ids, foundWaiting };
}

/** Every send stored once under its id, at `read`, with no status left waiting; each reached EUM exactly once. */
async function checkStored(doc: DynamoDBDocumentClient, ids: string[], eumIds: string[]) {
  let stored = 0;
  let read = 0;
  let waiting = 0;
  for (const id of ids) {
    const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `MSG#${id}` }, ConsistentRead: true }));
    if (Item?.messageId === id && Item.direction === 'OUTBOUND') stored++;
    if (Item?.status === 'read') read++;
    if ((await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `PENDING_STATUS#${id}` }, ConsistentRead: true }))).Item) waiting++;
  }
  const reached = new Map<string, number>();
  for (const id of eumIds) reached.set(id, (reached.get(id) ?? 0) + 1);
  const reachedOnce = ids.filter((id) => reached.get(id) === 1).length;
  const n = ids.length;
  const distinct = new Set(ids).size;
  const ok = distinct === n && stored === n && read === n && waiting === 0 && reachedOnce === n;
  return { distinct, stored, read, waiting, reachedOnce, problem: ok ? undefined : `${n} sends: ${distinct} distinct, ${stored} stored, ${read} read, ${waiting} waiting, ${reachedOnce} reached EUM once` };
}

async function measure(): Promise<{ errors: string[] }> {
  const n = Number(process.env.BENCH_SEND_MESSAGES ?? 300);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const racing: Rig['racing'] = { on: false, deliveries: [] };
  let deliver: ((body: string) => Promise<unknown>) | undefined;
  // Statuses are recorded (eum.published) and delivered later, or at once while racing.
  const eum = await startEumStandin({ port: 0, statusDelayMs: 0, publish: async (body) => void (racing.on && deliver && racing.deliveries.push(deliver(body))), logger: () => {} });
  try {
    const rig = await startRig(dynamo.endpoint, eum, racing);
    deliver = rig.ingest;
    // Customers with an open window (they wrote, through ingest), so send_text checks and passes it.
    const customers = Array.from({ length: n }, (_, i) => `1555${String(2_000_000 + i).slice(1)}`);
    await pool(n, 4, async (i) => rig.ingest((await eum.customerWrites({ from: customers[i]!, text: 'hi', deliver: false })).body));
    const sentIds: string[] = [];
    const send = async (i: number, text: string, extra: Record<string, unknown> = {}) => {
      const res = await quietly(() => rig.messaging({ action: 'send_text', to: customers[i % n]!, text, ...extra }, context));
      if (res.statusCode !== 200) throw new Error(`send_text answered ${JSON.stringify(res)}`);
      sentIds.push(res.messageId as string);
      return res.messageId as string;
    };
    // Warm both sides (JIT, connections, the accounts in memory).
    for (let i = 0; i < 30; i++) await send(i, `warm ${i}`);
    const sample = (await rig.doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `MSG#${sentIds[0]}` } }))).Item!;
    const floorSend = await prepareFloor({ doc: rig.doc, eum: rig.plainEum, tableName: TABLE, customers, sample });
    for (let i = 0; i < 30; i++) await floorSend(i);

    const timed = await timeSends(rig, n, (i) => send(i, `timed ${i}`), floorSend);
    const raced = await raceStatuses(rig, Math.min(50, n), send);
    // With an idempotency key: the claim and its completion are more requests.
    const keyed = Math.min(50, n);
    const beforeKeyed = rig.requests();
    for (let i = 0; i < keyed; i++) await send(i, `keyed ${i}`, { idempotencyKey: `bench-${i}` });
    const perKeyed = (rig.requests() - beforeKeyed) / keyed;

    // Every other send's statuses, shuffled, 8 in flight (each status is its own SNS delivery, as on AWS).
    await eum.idle();
    const ours = new Set(sentIds);
    const racedIds = new Set(raced.ids);
    const late = shuffle(eum.published.filter((p) => ours.has(p.messageId) && !racedIds.has(p.messageId)).map((p) => p.body));
    await pool(late.length, 8, (i) => rig.ingest(late[i]!));
    const check = await checkStored(rig.doc, sentIds, eum.sends.map((s) => s.messageId));

    report(n, timed, { perKeyed, sent: sentIds.length, check, raced: raced.ids.length, foundWaiting: raced.foundWaiting, ingestRetries: rig.ingestRetries() });
    rig.plainEum.destroy();
    rig.doc.destroy();
    return { errors: check.problem ? [`correctness: ${check.problem}`] : [] };
  } finally {
    await eum.close();
    await dynamo.stop();
  }
}

function report(
  n: number,
  t: Timed,
  c: { perKeyed: number; sent: number; check: Awaited<ReturnType<typeof checkStored>>; raced: number; foundWaiting: number; ingestRetries: number },
): void {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`DynamoDB Local (in memory) and the EUM stand-in; ${n} send_text, one in flight, direct invocation of a warm function; load average ${load} on ${os.cpus().length} cores\n`);
  console.log(
    renderTable(
      ['send_text', 'handler ms median (min–max)', 'floor ms', 'handler / floor', 'pairwise', 'target', 'DynamoDB requests per send'],
      [['free-form text, window open', fmtSummary(t.handler, 2), fmtSummary(t.floor, 2), (t.handler.median / t.floor.median).toFixed(2), t.pairwise.toFixed(2), `≤ ${SEND_TARGETS.ratioToFloor}`, t.requestsPerSend.toFixed(2)]],
    ),
  );
  console.log('floor: the same calls made directly: window GetItem (consistent, windowExpiresAt only), EUM SendWhatsAppMessage, the message+conversation transaction');
  console.log("handler / floor: ratio of the medians; pairwise: median of each send's ratio to the floor call made right after it\n");
  console.log(
    renderTable(
      ['measure', 'value'],
      [
        ['CPU ms per send in this process: handler / floor', `${t.cpuMs.handler.toFixed(2)} / ${t.cpuMs.floor.toFixed(2)}`],
        ['DynamoDB requests per send with an idempotencyKey', c.perKeyed.toFixed(2)],
        ['before (issue 10.4): DynamoDB requests per free-form send', '4 (accounts cache, window, transaction, pending-status read)'],
        ['sends / distinct ids / stored once / reached EUM once', `${c.sent} / ${c.check.distinct} / ${c.check.stored} / ${c.check.reachedOnce}`],
        [`at read after their statuses (${c.raced} raced the store, ${c.foundWaiting} of them found a status waiting)`, `${c.check.read} / ${c.sent}`],
        ['statuses left waiting (PENDING_STATUS)', String(c.check.waiting)],
        ['ingest invocations retried (as Lambda would)', String(c.ingestRetries)],
      ],
    ),
  );
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
