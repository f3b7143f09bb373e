import { fmtSummary, table, type Summary } from './stats';

/** Targets the report compares against; missing one is reported, never a failure. */
export const TARGETS = { bundleKB: 300, ratioToFloor: 1.15 };
const KB = 1024;

export interface BundleRow {
  name: string;
  eventNote: string;
  bytes?: number;
  gzipBytes?: number;
  /** The same function with the AWS SDK bundled in (nothing external). */
  bundledBytes?: number;
  /** performance.now() in the child when the handler's promise resolved: ms since the process started. */
  firstResponse?: Summary;
  bundledFirstResponse?: Summary;
  /** The floor's performance.now() when its last request answered. */
  floor?: Summary;
  /** firstResponse / floor, pair by pair (each pair ran back to back). */
  ratio?: Summary;
  bundledRatio?: Summary;
  /** CPU time (user + system) at the answer, the floor's, and their pairwise ratio: steady on a busy machine. */
  cpu?: Summary;
  floorCpu?: Summary;
  cpuRatio?: Summary;
  /** performance.now() in the child right after require(bundle) returned. */
  loaded?: Summary;
  /** The requests and SDK packages of the unmeasured recording run. */
  recorded?: { requests: { kind: string; client?: string; command?: string; url?: string }[]; packages: string[] };
  floorFailures?: string[];
  answer: string;
  error?: string;
}

export interface Baseline {
  /** `node -e "0"`, spawn → exit. */
  nodeEWall?: Summary;
  /** performance.now() at the first line of a script. */
  firstLine?: Summary;
}

const kb = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / KB).toFixed(1));
const ratio = (s: Summary | undefined) => (s ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : '—');
const short = (pkg: string) => pkg.replace('@aws-sdk/', '').replace('client-', '');

function requestsOf(r: BundleRow): string {
  if (!r.recorded) return '—';
  const counts = new Map<string, number>();
  for (const q of r.recorded.requests) {
    const name = q.kind === 'fetch' ? 'Graph' : q.kind === 'presign' ? 'presign' : (q.client ?? '?').replace(/(Document)?Client$/, '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
}

/** Functions that are not an action category. */
const NOT_CATEGORIES = new Set(['ingest', 'authorizer', 'flow-endpoint']);

/** The config function answers help from the generated action manifest: its bundle stays under the largest category's. */
export function configVersusCategories(rows: readonly BundleRow[]): string {
  const config = rows.find((r) => r.name === 'config');
  const others = rows.filter((r) => r.name !== 'config' && !NOT_CATEGORIES.has(r.name) && r.bytes !== undefined);
  if (!config?.bytes || others.length === 0) return 'config vs categories: not measured';
  const largest = others.reduce((a, b) => (b.bytes! > a.bytes! ? b : a));
  const verdict = config.bytes < largest.bytes! ? 'smaller' : 'NOT smaller';
  return `config bundle ${kb(config.bytes)} KB vs the largest category bundle ${kb(largest.bytes)} KB (${largest.name}): ${verdict}`;
}

export function printBundles(result: { rows: BundleRow[]; baseline: Baseline }, header: string): void {
  const { rows, baseline } = result;
  console.log(header);
  console.log(
    table(
      ['function', 'bundle KB', 'gzip KB', 'requests', 'cold start ms', 'floor ms', 'ratio', 'CPU ms', 'floor CPU ms', 'CPU ratio', 'require ms', 'SDK bundled: KB', 'cold start ms', 'ratio', 'answer'],
      rows.map((r) => [
        r.name,
        kb(r.bytes),
        kb(r.gzipBytes),
        requestsOf(r),
        fmtSummary(r.firstResponse),
        fmtSummary(r.floor),
        ratio(r.ratio),
        r.cpu ? r.cpu.median.toFixed(1) : '—',
        r.floorCpu ? r.floorCpu.median.toFixed(1) : '—',
        ratio(r.cpuRatio),
        r.loaded ? r.loaded.median.toFixed(1) : '—',
        kb(r.bundledBytes),
        fmtSummary(r.bundledFirstResponse),
        ratio(r.bundledRatio),
        r.error ? `ERROR ${r.error}` : r.answer,
      ]),
    ),
  );
  console.log('');
  console.log('events: ' + rows.map((r) => `${r.name} ${r.eventNote}`).join('; '));
  console.log(
    'SDK packages each bundle loaded: ' +
      rows.map((r) => `${r.name} ${r.recorded ? r.recorded.packages.map(short).join('+') || 'none' : '—'}`).join('; '),
  );
  const failing = rows.filter((r) => r.floorFailures?.length);
  if (failing.length) console.log('floor requests that failed (a round trip all the same): ' + failing.map((r) => `${r.name}: ${r.floorFailures!.join(', ')}`).join('; '));
  console.log(`bare node: \`node -e "0"\` wall ${fmtSummary(baseline.nodeEWall)} ms; a script's first line at performance.now() ${fmtSummary(baseline.firstLine)} ms`);
  console.log(configVersusCategories(rows));
  const misses: string[] = [];
  for (const r of rows) {
    if (r.bytes !== undefined && r.bytes / KB >= TARGETS.bundleKB) misses.push(`${r.name} bundle ${kb(r.bytes)} KB`);
    if (r.ratio && r.ratio.median > TARGETS.ratioToFloor) misses.push(`${r.name} ${r.ratio.median.toFixed(2)}x its floor`);
  }
  console.log(
    `targets: every bundle under ${TARGETS.bundleKB} KB minified; cold start within ${TARGETS.ratioToFloor}x its floor (median ratio) → ` +
      (misses.length ? `missed: ${misses.join(', ')}` : 'all met'),
  );
}
