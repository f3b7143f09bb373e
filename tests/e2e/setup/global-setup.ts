import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../../local/free-port';

const root = join(__dirname, '..', '..', '..');

/**
 * Starts the whole local cloud exactly as `npm start` does (local/launch.cjs), on free ports so a developer's own
 * `npm start` is not disturbed, and stops it by PID afterwards, checking that it exits.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const names = ['HTTP_PORT', 'LAMBDA_PORT', 'DYNAMODB_PORT', 'SNS_PORT', 'S3_PORT', 'SQS_PORT', 'EUM_PORT', 'GRAPH_PORT', 'SECRETS_MANAGER_PORT'] as const;
  const ports: Record<string, string> = {};
  for (const n of names) ports[n] = String(await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'wa-e2e-'));
  const apiKey = `e2e-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const env = { ...process.env, ...ports, LOCAL_API_KEY: apiKey, LOCAL_DATA_DIR: dataDir };

  const child = spawn(process.execPath, [join(root, 'local', 'launch.cjs')], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud not ready in 170 s:\n${output.join('').slice(-4000)}`)), 170_000);
    const onData = (d: Buffer) => {
      output.push(d.toString());
      const m = /LOCAL CLOUD READY (\S+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited (${code}) before it was ready:\n${output.join('').slice(-4000)}`));
    });
  });
  const baseUrl = await ready;

  project.provide('e2e', {
    baseUrl,
    apiKey,
    snsEndpoint: `http://127.0.0.1:${ports.SNS_PORT}`,
    sqsEndpoint: `http://127.0.0.1:${ports.SQS_PORT}`,
    eumUrl: `http://127.0.0.1:${ports.EUM_PORT}`,
    ports,
  });

  return async () => {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000))),
    ]);
    clearTimeout(timer);
    if (!killed) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      throw new Error(`local cloud did not stop within 20 s of SIGTERM:\n${output.join('').slice(-2000)}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { baseUrl: string; apiKey: string; snsEndpoint: string; sqsEndpoint: string; eumUrl: string; ports: Record<string, string> };
  }
}
