import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_STAGE } from './settings';

/**
 * serverless offline as a child process: started in its own process group (stopping it stops its workers), its
 * output relayed line by line. Without --verbose only function errors get through, one line each.
 */

type Log = (line: string) => void;

/** One line for a function's error log (a Powertools JSON line at level ERROR), or undefined for any other line. */
export function functionErrorLine(line: string): string | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line.slice(start)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const level = String(entry.level ?? '').toUpperCase();
  if (level !== 'ERROR' && level !== 'CRITICAL') return undefined;
  const where = [entry.function_name ?? entry.service, entry.action].filter(Boolean).join(' ');
  const error = entry.error as { name?: string; message?: string } | string | undefined;
  const cause = typeof error === 'string' ? error : error?.message ? `${error.name ?? 'Error'}: ${error.message}` : '';
  const id = entry.correlationId ?? entry.correlation_id ?? entry.function_request_id;
  return `[function error] ${where || 'function'}: ${String(entry.message ?? entry.msg ?? '')}${cause ? ` (${cause})` : ''}${id ? ` [${String(id)}]` : ''}`;
}

/** serverless offline's own failure lines ("✖ …", e.g. a handler that threw or timed out). */
const OFFLINE_FAILURE = /^\s*(✖|×)\s*(.*)$/;

export function relayLine(line: string, verbose: boolean, log: Log): void {
  if (verbose) return log(`[offline] ${line}`);
  const summary = functionErrorLine(line);
  if (summary) return log(summary);
  const failure = OFFLINE_FAILURE.exec(line);
  if (failure) log(`[function error] ${failure[2]}`);
}

/** serverless offline's own milestones in its output, for `npm start`'s timing line (start-timings.ts). */
const MILESTONES: Array<[RegExp, string, string?]> = [
  [/serverless configuration reused/, 'serverless config', 'reused'],
  [/serverless configuration resolved/, 'serverless config', 'resolved'],
  [/Offline \[http for lambda\] listening/, 'serverless CLI up'],
  [/Server ready/, 'offline routes'],
];

/** Where serverless offline listens: command-line options, so the configuration it resolves is the same each time. */
export interface OfflinePorts {
  httpPort: number;
  lambdaPort: number;
  host: string;
}

export function startOffline(env: NodeJS.ProcessEnv, ports: OfflinePorts, verbose: boolean, log: Log, milestone?: (name: string, note?: string) => void): ChildProcess {
  // The real `serverless` CLI, with its resolved configuration kept between starts (offline-runner.cjs).
  const runner = join(__dirname, 'offline-runner.cjs');
  const args = ['offline', 'start', '--stage', LOCAL_STAGE, '--httpPort', String(ports.httpPort), '--lambdaPort', String(ports.lambdaPort), '--host', ports.host];
  const child = spawn(process.execPath, [runner, ...args], {
    cwd: join(__dirname, '..'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const relay = (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.trim()) continue;
      for (const [pattern, name, note] of MILESTONES) if (pattern.test(l)) milestone?.(name, note);
      relayLine(l, verbose, log);
    }
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  return child;
}

const WARM_UP_LIMIT_MS = 4_000;

/**
 * Loads the functions the ready check calls (the authorizer, then config for ping) into serverless offline's worker
 * threads while DynamoDB Local still starts, through offline's Lambda API: their cold starts (the bundle, the SDK)
 * leave the critical path, and the ready check reuses the idle instances. Neither event touches the table: a
 * request without credentials is denied at once, and ping reads nothing. Failures are ignored: the ready check
 * still proves the real path.
 */
export async function prewarmFunctions(lambdaUrl: string, functionPrefix: string): Promise<void> {
  const path = '/config/ping';
  const http = { method: 'POST', path };
  const request = { version: '2.0', routeKey: `POST ${path}`, rawPath: path, headers: {}, requestContext: { http, requestId: 'warm-up' } };
  const invoke = (fn: string, event: object) =>
    // Bounded: an instance that offline drops mid-invocation (its bundle rebuilt) answers only at its 29 s timeout.
    fetch(`${lambdaUrl}/2015-03-31/functions/${functionPrefix}${fn}/invocations`, { method: 'POST', body: JSON.stringify(event), signal: AbortSignal.timeout(WARM_UP_LIMIT_MS) }).then(
      (res) => res.arrayBuffer(),
      () => undefined,
    );
  await invoke('authorizer', { ...request, type: 'REQUEST', identitySource: [] });
  await invoke('config', { ...request, body: '{}', isBase64Encoded: false, requestContext: { ...request.requestContext, authorizer: { lambda: { keyId: 'warm-up' } } } });
}

export async function waitForHttp(baseUrl: string, apiKey: string, offline: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  offline.once('exit', (code, signal) => (exit = `${code ?? signal}`));
  for (;;) {
    if (exit !== undefined) throw new Error(`serverless offline exited (${exit}) before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/config/ping`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: '{}' });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`serverless offline did not answer ${baseUrl}/config/ping within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}
