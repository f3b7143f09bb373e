import { spawn } from 'node:child_process';

export interface ChildRun {
  /** Parent's wall clock from spawn() to the child's exit, ms. */
  wallMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Spawns `node <args>` with exactly `env` and waits for it to exit (killed after `timeoutMs`). */
export function runNode(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 20_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let wallMs = 0;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // 'exit' is the moment the process ended; 'close' (all output read) is when it is safe to resolve.
    child.on('exit', () => {
      wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ wallMs, code, signal, stdout, stderr, timedOut });
    });
  });
}
