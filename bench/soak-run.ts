/**
 * The soak, run in a process of its own (bench/soak.ts starts it): the ingest handler, its DynamoDB client and its
 * configuration are per process, and this run needs them pointed at its own engines.
 *
 * The same events twice, into two tables of one DynamoDB Local:
 * - reference: fault-free, every record once, in order (each customer's messages, then the replies are stored, then
 *   their statuses);
 * - faulted: a share of the DynamoDB calls made inside ingest fail with a transient fault (throttled after the SDK's
 *   retries, a transaction conflict, a connection broken before or after the write, the run stopped after a write),
 *   every record delivered twice, all shuffled together with the replies' stores and run concurrently, each failed
 *   invocation retried as Lambda retries it, and what fails three times replayed at the end as an operator would.
 * Then both tables are scanned and compared item by item. Exits 1 when they differ or a letter reached the DLQ.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import { freePort } from '../local/free-port';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { startSqsStandin } from '../local/standins/sqs/server';
import { ensureTable } from '../local/table';
import { injectFaults, networkError, runStopped, silenceIngestLogs, throttled, throttling, transactionConflict, type Fault } from '../tests/integration/helpers/faults';
import { CLOCK_FIELDS, compareTables, describeDifference, scanTable } from './soak-compare';
import { deliverAll, type DeliveryStats, type Work } from './soak-deliver';
import { buildWorkload, replyToStore, seededRandom, shuffle } from './soak-workload';
import { table as renderTable } from './stats';

const messages = Number(process.env.BENCH_SOAK_MESSAGES ?? 20_000);
const customerCount = Number(process.env.BENCH_SOAK_CUSTOMERS ?? Math.max(1, Math.round(messages / 10)));
const faultRate = Number(process.env.BENCH_SOAK_FAULT_RATE ?? 0.05);
const concurrency = Number(process.env.BENCH_SOAK_CONCURRENCY ?? 8);
const seed = Number(process.env.BENCH_SOAK_SEED ?? Math.floor(Math.random() * 1e9));

const FAULTS: Fault[] = [throttled(), throttling(), transactionConflict(), networkError(), networkError({ after: true }), runStopped()];

async function main(): Promise<number> {
  const [dynamo, sqs] = await Promise.all([freePort().then((port) => startDynamoDbLocal({ port })), startSqsStandin({ port: 0, logger: () => {} })]);
  try {
    const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const doc = DynamoDBDocumentClient.from(raw);
    const tables = { reference: 'soak-reference', faulted: 'soak-faulted' };
    await Promise.all(Object.values(tables).map((t) => ensureTable(raw, t)));
    const dlqUrl = sqs.createQueue('soak-dlq');
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      MEDIA_BUCKET: 'soak-media',
      INGEST_DLQ_URL: dlqUrl,
      LOG_LEVEL: 'error',
      POWERTOOLS_METRICS_DISABLED: 'true',
      TABLE_NAME: tables.reference,
    });
    // Imported only now: the handler reads its configuration at load.
    const { handler } = await import('../functions/ingest/handler');
    const { resetConfigForTests } = await import('../shared/config');
    const { dynamo: sharedDynamo } = await import('../shared/table/client');
    const { recordOutbound } = await import('../shared/table/messages');
    const { queueDepth } = await import('../shared/dead-letters/queue');

    const random = seededRandom(seed);
    const workload = buildWorkload(messages, customerCount);
    const inIngest = new AsyncLocalStorage<boolean>();
    const ingest = (record: SNSEventRecord) => inIngest.run(true, () => handler({ Records: [record] }) as Promise<{ failed?: number }>);
    const stores = (): Work[] => workload.replies.map((r) => ({ kind: 'task', run: () => recordOutbound(replyToStore(r)) }));
    const deliveries = (records: SNSEventRecord[]): Work[] => records.map((record) => ({ kind: 'record', record, attempt: 1 }));

    console.log(
      `${workload.inbound} inbound messages from ${customerCount} customers, ${workload.replies.length} replies and their ` +
        `${workload.statuses} statuses (${workload.records.length} SNS records); ${concurrency} in flight; seed ${seed}\n`,
    );

    // Reference: fault-free, once, in order.
    const inboundRecords = workload.records.slice(0, workload.inbound);
    const statusRecords = workload.records.slice(workload.inbound);
    const reference = await deliverAll([...deliveries(inboundRecords), ...stores()], ingest, { concurrency, random, label: 'fault-free' });
    const referenceStatuses = await deliverAll(deliveries(statusRecords), ingest, { concurrency, random, label: 'fault-free statuses' });
    mergeInto(reference, referenceStatuses);

    // Faulted: the other table, faults inside ingest only (the replies' stores are the send path's, not retried by Lambda).
    process.env.TABLE_NAME = tables.faulted;
    resetConfigForTests();
    const pick = () => FAULTS[Math.floor(random() * FAULTS.length)]!;
    const faults = injectFaults(sharedDynamo(), [{ where: () => inIngest.getStore() === true, chance: faultRate, random, fault: pick }], { log: false });
    const restoreLogs = silenceIngestLogs(); // each injected fault is an error line, on purpose
    const work = shuffle([...deliveries(workload.records), ...deliveries(workload.records), ...stores()], random);
    const faulted = await deliverAll(work, ingest, { concurrency, random, label: 'faulted' });
    // The operator replays what reached the on-failure destination (faults still on: a replay may fail too).
    let replayRounds = 0;
    const replayed = faulted.exhausted.length;
    while (faulted.exhausted.length && replayRounds < 10) {
      replayRounds++;
      const again = await deliverAll(deliveries(faulted.exhausted.splice(0)), ingest, { concurrency, random, label: 'replay' });
      mergeInto(faulted, again);
    }
    const faultCounts = { ...faults.counts };
    faults.remove();
    restoreLogs();

    const [expected, actual] = await Promise.all([scanTable(doc, tables.reference), scanTable(doc, tables.faulted)]);
    const comparison = compareTables(expected, actual);
    const letters = await queueDepth();
    report({ reference, faulted, faultCounts, replayed, comparison, letters: letters.visible + letters.inFlight, unreplayed: faulted.exhausted.length });
    raw.destroy();
    const ok = comparison.differences.length === 0 && letters.visible + letters.inFlight === 0 && faulted.exhausted.length === 0 && expected.size > 0;
    return ok ? 0 : 1;
  } finally {
    await Promise.allSettled([dynamo.stop(), sqs.close()]);
  }
}

function mergeInto(total: DeliveryStats, more: DeliveryStats) {
  total.deliveries += more.deliveries;
  total.invocations += more.invocations;
  total.failed += more.failed;
  total.poison += more.poison;
  total.seconds += more.seconds;
  total.exhausted.push(...more.exhausted);
}

interface Report {
  reference: DeliveryStats;
  faulted: DeliveryStats;
  faultCounts: Record<string, number>;
  replayed: number;
  comparison: ReturnType<typeof compareTables>;
  letters: number;
  unreplayed: number;
}

function report(r: Report) {
  const row = (name: string, s: DeliveryStats, faults: number, replayed: number) => [
    name,
    String(s.deliveries),
    String(s.invocations),
    String(s.failed),
    String(replayed),
    String(faults),
    `${s.seconds.toFixed(0)} s`,
    (s.invocations / s.seconds).toFixed(0),
  ];
  const injected = Object.values(r.faultCounts).reduce((a, b) => a + b, 0);
  console.log(
    renderTable(
      ['run', 'deliveries', 'invocations', 'failed → Lambda retry', 'replayed from on-failure', 'faults injected', 'time', 'invocations/s'],
      [row('fault-free, once, in order', r.reference, 0, 0), row(`${(faultRate * 100).toFixed(0)}% faults, twice, shuffled`, r.faulted, injected, r.replayed)],
    ),
  );
  console.log(`\nfaults by kind: ${Object.entries(r.faultCounts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  console.log(`dead letters: ${r.letters} (only poison records go there; these events have none)${r.unreplayed ? `; still failing after 10 replays: ${r.unreplayed}` : ''}`);
  const types = Object.entries(r.comparison.byType).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`\ntables compared: ${r.comparison.items} items (${types}), differences: ${r.comparison.differences.length}`);
  for (const d of r.comparison.differences.slice(0, 20)) console.log(`  ${describeDifference(d)}`);
  console.log(`compared for presence only, ${r.comparison.clockValues} values set from the clock of processing:`);
  for (const [kind, { fields, why }] of Object.entries(CLOCK_FIELDS)) console.log(`  ${kind} ${fields.join(', ')}: ${why}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
