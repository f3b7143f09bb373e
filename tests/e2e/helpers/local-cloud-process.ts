import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../local/free-port';

const root = join(__dirname, '..', '..', '..');

/** `npm start` (local/launch.cjs, which runs local/start.ts) as a child process of a test, on ports nobody else uses. */
export interface LocalCloudProcess {
  child: ChildProcess;
  dataDir: string;
  baseUrl: string;
  apiKey: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it exited. */
  exited: Promise<number | string>;
}

export async function freeLocalCloudPorts(): Promise<Record<string, string>> {
  const names = ['HTTP_PORT', 'LAMBDA_PORT', 'DYNAMODB_PORT', 'SNS_PORT', 'S3_PORT', 'SQS_PORT', 'EUM_PORT', 'GRAPH_PORT', 'SECRETS_MANAGER_PORT'];
  const ports: Record<string, string> = {};
  for (const n of names) ports[n] = String(await freePort());
  return ports;
}

/**
 * Spawns the local cloud as `npm start` runs it (or through npm itself, `viaNpm`); `whenReady` resolves with its base
 * URL once it printed its ready line.
 */
export function spawnLocalCloudProcess(ports: Record<string, string>, apiKey: string, opts: { viaNpm?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wa-e2e-'));
  const [command, args] = opts.viaNpm ? ['npm', ['start']] : [process.execPath, [join(root, 'local', 'launch.cjs')]];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...ports, LOCAL_API_KEY: apiKey, LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const whenReady = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud not ready in 170 s:\n${output.slice(-4000)}`)), 170_000);
    const onData = () => {
      const ready = /LOCAL CLOUD READY (\S+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(ready[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited (${code}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
  whenReady.catch(() => undefined); // a test that stops it before it is ready does not wait for this
  return { child, dataDir, apiKey, output: () => output, exited, whenReady };
}

/** Spawns the local cloud as `npm start` runs it and resolves when it printed its ready line. */
export async function startLocalCloudProcess(ports: Record<string, string>, apiKey: string, opts: { viaNpm?: boolean } = {}): Promise<LocalCloudProcess> {
  const spawned = spawnLocalCloudProcess(ports, apiKey, opts);
  return { ...spawned, baseUrl: await spawned.whenReady };
}

/** Every process below `pid` (Linux /proc), its children's children included. */
export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(' ').map(Number));
    }
  } catch {
    return [];
  }
  children = [...new Set(children)];
  return [...children, ...children.flatMap(descendants)];
}

/** A process that still runs (a zombie waiting for its parent to read its exit status has stopped running). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `check` holds or `timeoutMs` passed; returns its last value. */
export async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}
