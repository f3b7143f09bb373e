/**
 * Statuses through the real ingest handler (built as deployed) on DynamoDB Local, against the seed's way of applying
 * a status, measured in the same run on the same engine: statuses per second and DynamoDB requests per status.
 *
 * The seed is a Python Lambda this machine cannot run; it is modelled here by the 6 DynamoDB requests issue 10
 * counted for its status path (accounts cache read, message read, message update, conversation update, a status
 * record and the raw webhook event), made directly with the document client and no processing around them. The real
 * seed also spent time in its own code, so the ratio printed is a lower bound on the speed-up.
 *
 * The seed's items are what its table holds (seed/PATTERNS.md): its message and conversation carry the attributes its
 * GSIs index (gsi-conversation, gsi-direction, gsi-itemType; gsi-inbox), here copied from ours so both sides update
 * index entries of the same items; its records carry `createdAt` (gsi-itemType) as its store_item writes them; and the
 * accounts cache it reads exists. Both sides warm up on their own paths first: DynamoDB Local's JVM compiles each
 * request type as it meets it, and a short warm-up measured the compiler on the side with the rarer request types.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_ACCOUNT, DEMO_PHONE } from '../local/standins/eum/demo-account';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../local/standins/eum/envelope';
import { loadIngestBundle, pool, quietly, snsEvent, prepareBenchTable } from './ingest-bundle';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { freePort } from '../local/free-port';
import { table as renderTable } from './stats';

export const STATUS_TARGETS = { requestsPerStatus: 1, timesSeed: 4 };
const SEED_REQUESTS_PER_STATUS = 6;

const ORDER: MetaStatusName[] = ['sent', 'delivered', 'read'];

export async function benchStatuses(opts: { messages?: number } = {}): Promise<{ errors: string[] }> {
  const messages = opts.messages ?? Number(process.env.BENCH_STATUS_MESSAGES ?? 600);
  const concurrency = 8;
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const errors: string[] = [];
  try {
    const tableName = 'bench-statuses';
    const raw = await prepareBenchTable(dynamo.endpoint, tableName);
    const app = await loadIngestBundle(path.resolve(__dirname, '..'));
    const doc = DynamoDBDocumentClient.from(raw);
    let requests = 0;
    app.dynamo().middlewareStack.add((next) => async (args) => {
      requests++;
      return next(args);
    }, { step: 'initialize', name: 'benchStatusCounter' });

    const customer = '15550000000';
    const newSends = async (n: number) => {
      const ids = Array.from({ length: n }, () => ({ eum: randomUUID(), wamid: newWamid(customer) }));
      await pool(n, concurrency, (i) => app.recordOutbound({ eumMessageId: ids[i]!.eum, phone: { arn: DEMO_PHONE.arn }, customer, type: 'text', preview: 'p', payload: {} }));
      return ids;
    };
    const body = (wamid: string, status: MetaStatusName, messageId?: string) =>
      JSON.stringify(buildEnvelope({ field: 'messages', ...(messageId ? { messageId } : {}), value: statusValue({ wamid, status, recipientId: customer }) }));
    /** Each message's statuses in order, messages concurrently; returns statuses per second and requests per status. */
    const runOurs = async (bodies: string[][]) => {
      requests = 0;
      const seconds = await quietly(() => pool(bodies.length, concurrency, async (i) => {
        for (const b of bodies[i]!) await app.handler(snsEvent(b));
      }));
      const n = bodies.length * bodies[0]!.length;
      return { perSecond: n / seconds, perStatus: requests / n };
    };

    // Warm-up of both paths (JIT, the engine's caches), not measured; our sends also give the seed its item shapes.
    const warmup = Number(process.env.BENCH_STATUS_WARMUP ?? 400);
    const warm = await newSends(warmup);
    await runOurs(warm.map((m) => ORDER.map((s) => body(m.wamid, s, m.eum))));

    // The seed's status: the same 6 requests on items like its own (the message, its conversation, two records).
    const ourMessage = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${warm[0]!.eum}` } }))).Item!;
    const ourConversation = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: ourMessage.conversationPk as string } }))).Item!;
    const seedCount = Math.max(messages, warmup);
    const seedMessages = Array.from({ length: seedCount }, (_, i) => `SEED_MSG#${i}`);
    const seedConversation = (i: number) => `SEED_CONV#${i % 200}`;
    const made = new Date().toISOString();
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'CONFIG#LINKED_ACCOUNTS', itemType: 'CONFIG_CACHE', accounts: [DEMO_ACCOUNT], fetchedAt: made, createdAt: made } }));
    await pool(seedCount, concurrency, (i) =>
      doc.send(new PutCommand({ TableName: tableName, Item: { ...ourMessage, pk: seedMessages[i], messageId: `seed-${i}`, conversationPk: seedConversation(i), status: 'accepted' } })),
    );
    await pool(200, concurrency, (i) => doc.send(new PutCommand({ TableName: tableName, Item: { ...ourConversation, pk: seedConversation(i), inboxPk: 'SEED_INBOX' } })));
    const seedStatus = async (i: number, status: string) => {
      const now = new Date().toISOString();
      await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'CONFIG#LINKED_ACCOUNTS' } }));
      await doc.send(new GetCommand({ TableName: tableName, Key: { pk: seedMessages[i] } }));
      await doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: seedMessages[i] }, UpdateExpression: 'SET #s = :s, statusUpdatedAt = :t', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status, ':t': now } }));
      await doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: seedConversation(i) }, UpdateExpression: 'SET lastStatus = :s, updatedAt = :t', ExpressionAttributeValues: { ':s': status, ':t': now } }));
      await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `SEED_STATUS#${i}#${status}`, itemType: 'STATUS', status, at: now, createdAt: now } }));
      await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `SEED_WEBHOOK#${i}#${status}#${randomUUID()}`, itemType: 'WEBHOOK_EVENT', body: body('wamid.x', 'sent'), createdAt: now } }));
    };
    await pool(warmup, concurrency, async (i) => {
      for (const s of ORDER) await seedStatus(i, s);
    });

    // Alternate rounds so neither side gets a warmer engine than the other.
    const rounds = 3;
    const per = Math.ceil(messages / rounds);
    const ours = { seconds: 0, n: 0, requests: 0 };
    let seedSeconds = 0;
    for (let r = 0; r < rounds; r++) {
      const sends = await newSends(per);
      const run = await runOurs(sends.map((m) => ORDER.map((s) => body(m.wamid, s, m.eum))));
      const n = per * ORDER.length;
      ours.seconds += n / run.perSecond;
      ours.n += n;
      ours.requests += run.perStatus * n;
      seedSeconds += await pool(per, concurrency, async (i) => {
        for (const s of ORDER) await seedStatus(r * per + i, s);
      });
    }
    const oursPerSecond = ours.n / ours.seconds;
    const seedPerSecond = ours.n / seedSeconds;

    // Statuses without the envelope's messageId (several statuses in one value): sent names the send, the rest
    // find it by wamid; once through an alias this process knows, once from a fresh process's view.
    const unnamed = await newSends(per);
    await runOurs(unnamed.map((m) => [body(m.wamid, 'sent', m.eum)]));
    const known = await runOurs(unnamed.map((m) => [body(m.wamid, 'delivered')]));
    app.forgetKnownAliases();
    const cold = await runOurs(unnamed.map((m) => [body(m.wamid, 'read')]));

    console.log(`DynamoDB Local (in memory), ${ours.n} statuses (sent, delivered, read of ${rounds * per} sends), ${concurrency} in flight, one SNS record per invocation\n`);
    console.log(
      renderTable(
        ['path', 'status/s', 'DynamoDB requests per status', 'vs seed model', 'target'],
        [
          ['ingest handler, statuses in order', oursPerSecond.toFixed(0), (ours.requests / ours.n).toFixed(2), `${(oursPerSecond / seedPerSecond).toFixed(2)}x`, `≥ ${STATUS_TARGETS.timesSeed}x, ≤ ${STATUS_TARGETS.requestsPerStatus} request`],
          ['seed model: its 6 requests, no code around them', seedPerSecond.toFixed(0), String(SEED_REQUESTS_PER_STATUS), '1.00x', ''],
          ['no messageId, alias known to the process', known.perSecond.toFixed(0), known.perStatus.toFixed(2), '', `≤ ${STATUS_TARGETS.requestsPerStatus} request`],
          ['no messageId, a process that never saw the alias', cold.perSecond.toFixed(0), cold.perStatus.toFixed(2), '', '(reads the alias once)'],
        ],
      ),
    );
    console.log('\nthe seed model leaves out the seed\'s own processing (Python, a 7,000-line module), so "vs seed" is a lower bound');

    // Correctness: every send ends at `read` with its alias.
    const check = [...warm, ...unnamed];
    for (const m of check) {
      const item = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `MSG#${m.eum}` } }))).Item;
      if (item?.status !== 'read' || item.waMessageId !== m.wamid) errors.push(`message ${m.eum} ended at ${String(item?.status)}`);
    }
    raw.destroy();
    return { errors: errors.slice(0, 5) };
  } finally {
    await dynamo.stop();
  }
}
