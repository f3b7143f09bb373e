import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { ensureTable } from '../local/table';
import { lambdaBuildOptions } from './esbuild-options';

/** What the ingest bench drives: the ingest handler as deployed, and the parts of its module graph it looks into. */
export interface IngestBundle {
  handler: (event: SNSEvent) => Promise<unknown>;
  dynamo: typeof import('../shared/table/client').dynamo;
  recordOutbound: typeof import('../shared/table/messages').recordOutbound;
  forgetKnownAliases: typeof import('../shared/table/message-statuses').forgetKnownAliases;
}

/**
 * The ingest function built as serverless-esbuild builds it (middy is ESM-only, so the TypeScript sources cannot be
 * required as they are under tsx), with the repository functions the bench calls bundled into the same module graph,
 * so they share one DynamoDB client (the request counter sees the handler's requests). Load it once configuration is
 * in env: the handler reads it at load. BENCH_PROFILE=1 leaves it unminified, for a readable CPU profile.
 */
export async function loadIngestBundle(root: string): Promise<IngestBundle> {
  return loadBundle<IngestBundle>(root, 'ingest', [
    "export { handler } from './functions/ingest/handler';",
    "export { dynamo } from './shared/table/client';",
    "export { recordOutbound } from './shared/table/messages';",
    "export { forgetKnownAliases } from './shared/table/message-statuses';",
  ]);
}

/** Any entry built as a function is (see loadIngestBundle): `exports` are the lines of its entry module. */
export async function loadBundle<T>(root: string, name: string, exports: string[]): Promise<T> {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(path.join(cacheDir, `${name}-`));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  const outfile = path.join(outDir, `${name}.js`);
  await build({
    ...lambdaBuildOptions(root),
    ...(process.env.BENCH_PROFILE ? { minify: false } : {}),
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    outfile,
    absWorkingDir: root,
    write: true,
    logLevel: 'silent',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as T;
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted from the state field (3) here; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** One SNS record as Lambda hands it to ingest, from this deployment's topic. */
export const snsEvent = (message: string): SNSEvent => ({
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:bench:sub',
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:bench',
        Subject: '',
        Message: message,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
});

/**
 * Runs `fn` with the handler's log lines and EMF metrics (one of each per record, as deployed) dropped instead of
 * printed into the report: they are still formatted, only the bench's own stdout does not carry them.
 */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && (chunk.startsWith('{"level"') || chunk.startsWith('{"_aws"')) ? true : write(chunk as string, ...(rest as []))) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** Runs `work(i)` for i in [0, n) with at most `concurrency` in flight; returns elapsed seconds. */
export async function pool(n: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

/**
 * A bench table on DynamoDB Local and the environment the handlers read at load (so load the bundle after this):
 * local credentials, the table, and placeholders for what the measured paths never touch. `extra` adds or overrides.
 */
export async function prepareBenchTable(dynamoEndpoint: string, tableName: string, extra: Record<string, string> = {}): Promise<DynamoDBClient> {
  const raw = new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(raw, tableName);
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    TABLE_NAME: tableName,
    MEDIA_BUCKET: 'bench-media',
    INGEST_DLQ_URL: 'http://127.0.0.1:1/unused',
    ...extra,
  });
  return raw;
}
