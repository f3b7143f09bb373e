import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../local/free-port';
import { table } from './stats';

/**
 * The local cloud under load, through its HTTP API as a client sees it: `npm start` (local/launch.cjs) on free ports,
 * timed from spawn to ready; then 500 send_text at 25 in flight to customers who wrote, reporting throughput,
 * p50/p99 and errors (any answer but 200, target 0). Correctness as in the other sections: every send got its own
 * message id, EUM received each exactly once, and every message ends `read` once its statuses came back over SNS.
 */

const ROOT = path.resolve(__dirname, '..');
const MESSAGES = Number(process.env.BENCH_LOAD_MESSAGES ?? 500);
const IN_FLIGHT = Number(process.env.BENCH_LOAD_IN_FLIGHT ?? 25);
const CUSTOMERS = 25;
const API_KEY = `bench-${Date.now()}-key-0123456789`;

interface Running {
  child: ChildProcess;
  baseUrl: string;
  eumUrl: string;
  readyMs: number;
  /** The ready line's phase breakdown (local/start-timings.ts). */
  phases: string;
  dataDir: string;
}

/** Free ports for every service of the local cloud, as the environment variables local/ports.ts reads. */
export async function freeCloudPorts(): Promise<Record<string, string>> {
  const names = ['HTTP_PORT', 'LAMBDA_PORT', 'DYNAMODB_PORT', 'SNS_PORT', 'S3_PORT', 'SQS_PORT', 'EUM_PORT', 'GRAPH_PORT', 'SECRETS_MANAGER_PORT'];
  const ports: Record<string, string> = {};
  for (const n of names) ports[n] = String(await freePort());
  return ports;
}

/** Starts `npm start` on `ports` (default: free ones), timed from the spawn to its ready line. */
export async function startCloud(ports?: Record<string, string>): Promise<Running> {
  ports ??= await freeCloudPorts();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'local', 'launch.cjs')], {
    cwd: ROOT,
    env: { ...process.env, ...ports, LOCAL_API_KEY: API_KEY, LOCAL_DATA_DIR: dataDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 180 s:\n${output.slice(-3000)}`)), 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /LOCAL CLOUD READY (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`local cloud exited (${code}):\n${output.slice(-3000)}`)));
  });
  // Keep draining its output (function error lines) so the child never blocks on a full pipe.
  child.stdout!.on('data', (d: Buffer) => process.stdout.write(d.toString().split('\n').filter((l) => l.includes('error')).map((l) => `  | ${l}\n`).join('')));
  const readyMs = performance.now() - started;
  const phases = /ready in [\d.]+ s\s+\[(.*)\]/.exec(output)?.[1] ?? '';
  return { child, baseUrl, eumUrl: `http://127.0.0.1:${ports.EUM_PORT}`, readyMs, phases, dataDir };
}

export async function stopCloud(run: Running): Promise<void> {
  const exited = new Promise((resolve) => run.child.once('exit', resolve));
  process.kill(-run.child.pid!, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  try {
    process.kill(-run.child.pid!, 'SIGKILL');
  } catch {
    /* stopped */
  }
  rmSync(run.dataDir, { recursive: true, force: true });
}

async function call(baseUrl: string, action: string, body: unknown): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${action}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, ms: performance.now() - started };
}

const customer = (i: number) => `1555700${String(i).padStart(4, '0')}`;

/** Every customer writes first (through the EUM stand-in, SNS and ingest), so free-form sends may go. */
async function customersWrite(run: Running): Promise<void> {
  for (let i = 0; i < CUSTOMERS; i++) {
    await fetch(`${run.eumUrl}/_standin/inbound`, { method: 'POST', body: JSON.stringify({ from: customer(i), text: 'hi' }) });
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const open = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => call(run.baseUrl, '/conversations/get_messages', { customer: customer(i) })));
    if (open.every((r) => r.status === 200 && r.body.messages?.length > 0)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the customers\' messages did not reach the table within 60 s');
}

async function sendAll(run: Running) {
  const results: Array<{ status: number; ms: number; messageId?: string; error?: string }> = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < MESSAGES) {
      const i = next++;
      const r = await call(run.baseUrl, '/messaging/send_text', { to: `+${customer(i % CUSTOMERS)}`, text: `load ${i}` }).catch((e: Error) => ({ status: 0, ms: 0, body: { error: e.message } }));
      results.push({ status: r.status, ms: r.ms, messageId: r.body?.messageId, error: r.status === 200 ? undefined : String(r.body?.error ?? r.body?.errorMessage ?? r.status) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { results, wallMs: performance.now() - started };
}

/** Waits (bounded) until every sent message reads `read`; returns how many did. */
async function countRead(run: Running, ids: Set<string>): Promise<number> {
  const deadline = Date.now() + 120_000;
  let read = 0;
  while (Date.now() < deadline) {
    read = 0;
    for (let i = 0; i < CUSTOMERS; i++) {
      const page = await call(run.baseUrl, '/conversations/get_messages', { customer: customer(i), limit: 100 });
      read += (page.body.messages ?? []).filter((m: any) => ids.has(m.messageId) && m.status === 'read').length;
    }
    if (read >= ids.size) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return read;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function benchLocalCloudLoad(): Promise<{ errors: string[] }> {
  const run = await startCloud();
  try {
    console.log(`local cloud ready in ${(run.readyMs / 1000).toFixed(1)} s (spawn of npm start to "LOCAL CLOUD READY")`);
    await customersWrite(run);
    const { results, wallMs } = await sendAll(run);
    const ok = results.filter((r) => r.status === 200 && r.messageId);
    const failed = results.filter((r) => !(r.status === 200 && r.messageId));
    const ids = new Set(ok.map((r) => r.messageId!));
    const eumSends = ((await (await fetch(`${run.eumUrl}/_standin/sends`)).json()) as Array<{ kind: string }>).filter((s) => s.kind === 'message').length;
    const read = await countRead(run, ids);
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      table(
        ['sends', 'in flight', 'throughput /s', 'p50 ms', 'p99 ms', 'errors', 'distinct ids', 'EUM sends', 'ended read'],
        [[String(MESSAGES), String(IN_FLIGHT), (results.length / (wallMs / 1000)).toFixed(1), pct(ms, 50).toFixed(0), pct(ms, 99).toFixed(0), String(failed.length), String(ids.size), String(eumSends), String(read)]],
      ),
    );
    const byError = new Map<string, number>();
    for (const f of failed) byError.set(`${f.status} ${f.error}`, (byError.get(`${f.status} ${f.error}`) ?? 0) + 1);
    for (const [e, n] of byError) console.log(`  ${n} × ${e.slice(0, 200)}`);
    const errors: string[] = [];
    if (ids.size !== ok.length) errors.push(`${ok.length - ids.size} duplicate message ids`);
    if (eumSends !== ok.length) errors.push(`EUM received ${eumSends} sends for ${ok.length} accepted`);
    return { errors };
  } finally {
    await stopCloud(run);
  }
}
