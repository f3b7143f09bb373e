/**
 * The soak section of `npm run bench`: the same ingest events into two tables, one fault-free and one with injected
 * transient faults, every record delivered twice, shuffled and concurrent; the tables must end identical. The run
 * itself is bench/soak-run.ts, in a process of its own (it points the ingest handler's one DynamoDB client and its
 * configuration at its own engines); its report is printed as it goes.
 *
 * BENCH_SOAK_MESSAGES (20000), BENCH_SOAK_CUSTOMERS (messages / 10), BENCH_SOAK_FAULT_RATE (0.05),
 * BENCH_SOAK_CONCURRENCY (8), BENCH_SOAK_SEED (random, printed: the same seed gives the same shuffles and faults).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export function benchSoak(opts: { root: string }): Promise<{ errors: string[] }> {
  return new Promise((resolve, reject) => {
    // @middy/core publishes only an `import` export; Node 20 can require it (require(esm)) once that condition is on.
    const child = spawn(process.execPath, ['--conditions=import', '--import', 'tsx', path.join(opts.root, 'bench', 'soak-run.ts')], {
      cwd: opts.root,
      env: process.env,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ errors: [] });
      else resolve({ errors: [`the soak ${signal ? `was killed (${signal})` : `failed (exit ${code})`}: the tables differ, a letter reached the DLQ, or it crashed (see above)`] });
    });
  });
}
