import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { freeCloudPorts, startCloud, stopCloud } from './local-cloud-load';
import { fmtSummary, summarize, table } from './stats';

/**
 * How long `npm start` takes to "LOCAL CLOUD READY", from the spawn of `node local/launch.cjs` (what `npm start` runs): cold (nothing kept from the
 * last start: local/start.ts and the functions' bundles are built, serverless.yml resolved) and warm (nothing changed since the last
 * start, the same ports included, as when a developer runs `npm start` again), a few runs each
 * (BENCH_START_RUNS, default 3), with the CPU seconds the whole process tree spent until ready. On a shared machine
 * wall time follows the load (printed beside it); CPU seconds are what a start costs whatever the load. The phase
 * line of each kind's median run says where the time went. Target: under 6 s warm.
 */

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);

/** CPU seconds (user + system) of a process and its descendants, from /proc (Linux; undefined elsewhere). */
function treeCpuSeconds(pid: number): number | undefined {
  const ticks = 100; // USER_HZ on Linux
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let total = (Number(fields[11]) + Number(fields[12])) / ticks;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) total += treeCpuSeconds(Number(child)) ?? 0;
    }
    return total;
  } catch {
    return undefined;
  }
}

interface StartRun {
  readyS: number;
  cpuS?: number;
  phases: string;
  load: number;
}

/** What `npm start` keeps between starts: its own bundle (launch.cjs), the functions' (bundles.ts), serverless.yml resolved. */
const KEPT = ['local-start.json', 'local-bundles.json', 'local-offline-config.json'].map((f) => path.join(ROOT, '.esbuild', f));

async function oneStart(cold: boolean, ports: Record<string, string>): Promise<StartRun> {
  if (cold) for (const file of KEPT) rmSync(file, { force: true });
  const load = loadavg()[0]!;
  const run = await startCloud(ports);
  try {
    return { readyS: run.readyMs / 1000, cpuS: treeCpuSeconds(run.child.pid!), phases: run.phases, load };
  } finally {
    await stopCloud(run);
  }
}

export async function benchLocalCloudStart(): Promise<{ errors: string[] }> {
  const runs: Record<'cold' | 'warm', StartRun[]> = { cold: [], warm: [] };
  const ports = await freeCloudPorts();
  // Alternating, so a change in the machine's load falls on both kinds alike.
  for (let i = 0; i < RUNS; i++) {
    runs.cold.push(await oneStart(true, ports));
    runs.warm.push(await oneStart(false, ports));
  }
  const rows = (['cold', 'warm'] as const).map((kind) => {
    const r = runs[kind];
    const cpu = r.map((x) => x.cpuS).filter((c): c is number => c !== undefined);
    return [kind, String(r.length), fmtSummary(summarize(r.map((x) => x.readyS))), fmtSummary(summarize(cpu)), fmtSummary(summarize(r.map((x) => x.load)))];
  });
  console.log(table(['start', 'runs', 'ready s, median (min–max)', 'CPU s of the process tree', 'load average (1 min)'], rows));
  for (const kind of ['cold', 'warm'] as const) {
    const sorted = [...runs[kind]].sort((a, b) => a.readyS - b.readyS);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (median) console.log(`  ${kind} median run: ${median.phases}`);
  }
  return { errors: [] };
}
