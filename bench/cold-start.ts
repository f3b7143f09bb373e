import { mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describeBuildOptions, lambdaBuildOptions } from './esbuild-options';
import { discoverFunctions, type BenchFunction } from './functions';
import { runNode } from './spawn';
import { fmtSummary, summarize, table, type Summary } from './stats';

/** Targets the report compares against; missing one is reported, never a failure. */
export const TARGETS = { bundleKB: 300, firstResponseMs: 150 };

/** The environment the functions validate at cold start, and nothing else from the parent (no NODE_OPTIONS, no AWS profile). */
export const CHILD_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  TABLE_NAME: 'bench',
  MEDIA_BUCKET: 'bench',
  // ingest and webhooks declare the dead-letter queue (functions/<name>/needs.ts); never reached by the bench's events.
  INGEST_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-dlq',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  // Required by the Graph API categories (config, calling, groups, business-profile) for their tokens' secrets.
  SECRET_NAME_PREFIX: 'bench/',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const CHILD_SCRIPT = path.join(__dirname, 'cold-start-child.cjs');
const RESULT_MARKER = '__BENCH_RESULT__';
const KB = 1024;

interface ChildResult {
  tFirstLine: number;
  tLoaded?: number;
  tResponse?: number;
  response?: unknown;
  error?: string;
}

export interface BundleRow {
  name: string;
  eventNote: string;
  bytes?: number;
  gzipBytes?: number;
  /** performance.now() in the child when the handler's promise resolved: ms since the process started. */
  firstResponse?: Summary;
  /** performance.now() in the child right after require(bundle) returned. */
  loaded?: Summary;
  /** Parent's clock, spawn → exit. */
  wall?: Summary;
  answer: string;
  error?: string;
}

export interface Baseline {
  /** `node -e "0"`, spawn → exit. */
  nodeEWall?: Summary;
  /** performance.now() at the first line of a script. */
  firstLine?: Summary;
  /** The same script, spawn → exit. */
  firstLineWall?: Summary;
}

export interface BundlesResult {
  rows: BundleRow[];
  baseline: Baseline;
  errors: string[];
}

export interface BenchBundlesOptions {
  root: string;
  /** Measured runs per function (default 7, or BENCH_RUNS). */
  runs?: number;
  /** Runs thrown away first so the file cache is warm for every function alike (default 1). */
  warmup?: number;
}

function parseChild(stdout: string): ChildResult | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  return line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult) : undefined;
}

/** The statusCode, or the field that tells the answer for functions that do not return one. */
function describeAnswer(response: unknown): string {
  if (response && typeof response === 'object') {
    const r = response as Record<string, unknown>;
    if ('statusCode' in r) return String(r.statusCode);
    if ('isAuthorized' in r) return `isAuthorized=${String(r.isAuthorized)}`;
    if ('records' in r) return `records=${String(r.records)}`;
  }
  const json = JSON.stringify(response) ?? String(response);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

const firstLineOf = (s: string) => s.trim().split('\n')[0]?.slice(0, 200) ?? '';

async function bundle(fn: BenchFunction, outDir: string, root: string, row: BundleRow): Promise<string | undefined> {
  const outfile = path.join(outDir, fn.name, 'handler.js');
  try {
    await build({ ...lambdaBuildOptions(root), entryPoints: [fn.entry], outfile, absWorkingDir: root, write: true, logLevel: 'silent' });
  } catch (err) {
    row.error = `esbuild: ${firstLineOf((err as Error).message)}`;
    return undefined;
  }
  const code = readFileSync(outfile);
  row.bytes = code.length;
  row.gzipBytes = gzipSync(code).length;
  return outfile;
}

async function coldStarts(fn: BenchFunction, bundlePath: string, root: string, runs: number, warmup: number, row: BundleRow) {
  const firstResponse: number[] = [];
  const loaded: number[] = [];
  const wall: number[] = [];
  const answers = new Set<string>();
  for (let i = 0; i < warmup + runs; i++) {
    const run = await runNode([CHILD_SCRIPT, bundlePath, JSON.stringify(fn.event)], CHILD_ENV, root);
    const result = parseChild(run.stdout);
    if (!result || result.error || run.code !== 0 || run.timedOut) {
      const why = result?.error ?? (run.timedOut ? 'timed out' : run.stderr || `exit code ${run.code ?? run.signal}`);
      row.error = `run ${i + 1}: ${firstLineOf(why)}`;
      return;
    }
    if (i < warmup) continue;
    firstResponse.push(result.tResponse!);
    loaded.push(result.tLoaded!);
    wall.push(run.wallMs);
    answers.add(describeAnswer(result.response));
  }
  row.firstResponse = summarize(firstResponse);
  row.loaded = summarize(loaded);
  row.wall = summarize(wall);
  row.answer = [...answers].join(' / ');
}

async function measureBaseline(root: string, runs: number, warmup: number, errors: string[]): Promise<Baseline> {
  const nodeEWall: number[] = [];
  const firstLine: number[] = [];
  const firstLineWall: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const bare = await runNode(['-e', '0'], CHILD_ENV, root);
    const script = await runNode([CHILD_SCRIPT], CHILD_ENV, root);
    const result = parseChild(script.stdout);
    if (bare.code !== 0 || script.code !== 0 || !result) {
      errors.push(`baseline: node exited ${bare.code}/${script.code} ${firstLineOf(bare.stderr || script.stderr)}`);
      break;
    }
    if (i < warmup) continue;
    nodeEWall.push(bare.wallMs);
    firstLine.push(result.tFirstLine);
    firstLineWall.push(script.wallMs);
  }
  return { nodeEWall: summarize(nodeEWall), firstLine: summarize(firstLine), firstLineWall: summarize(firstLineWall) };
}

const kb = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / KB).toFixed(1));

/** Functions that are not an action category. */
const NOT_CATEGORIES = new Set(['ingest', 'authorizer']);

/**
 * The config function answers help from the generated action manifest instead of bundling every category
 * (shared/actions/manifest.ts): its bundle must stay smaller than the largest category's.
 */
export function configVersusCategories(rows: readonly BundleRow[]): string {
  const config = rows.find((r) => r.name === 'config');
  const others = rows.filter((r) => r.name !== 'config' && !NOT_CATEGORIES.has(r.name) && r.bytes !== undefined);
  if (!config?.bytes || others.length === 0) return 'config vs categories: not measured';
  const largest = others.reduce((a, b) => (b.bytes! > a.bytes! ? b : a));
  const verdict = config.bytes < largest.bytes! ? 'smaller' : 'NOT smaller';
  return `config bundle ${kb(config.bytes)} KB vs the largest category bundle ${kb(largest.bytes)} KB (${largest.name}): ${verdict}`;
}

export function printBundles(result: BundlesResult, header: string): void {
  const { rows, baseline } = result;
  console.log(header);
  console.log(
    table(
      ['function', 'bundle KB', 'gzip KB', 'target', 'cold start ms, to first response', 'require ms', 'wall ms, spawn → exit', 'statusCode'],
      rows.map((r) => [
        r.name,
        kb(r.bytes),
        kb(r.gzipBytes),
        `${TARGETS.bundleKB} KB`,
        fmtSummary(r.firstResponse),
        r.loaded ? r.loaded.median.toFixed(1) : '—',
        fmtSummary(r.wall),
        r.error ? `ERROR ${r.error}` : r.answer,
      ]),
    ),
  );
  console.log('');
  console.log('events: ' + rows.map((r) => `${r.name} ${r.eventNote}`).join('; '));
  console.log(
    `bare node: \`node -e "0"\` wall ${fmtSummary(baseline.nodeEWall)} ms; ` +
      `a script's first line at performance.now() ${fmtSummary(baseline.firstLine)} ms, wall ${fmtSummary(baseline.firstLineWall)} ms`,
  );
  const misses: string[] = [];
  for (const r of rows) {
    if (r.bytes !== undefined && r.bytes / KB >= TARGETS.bundleKB) misses.push(`${r.name} bundle ${kb(r.bytes)} KB`);
    if (r.firstResponse && r.firstResponse.median > TARGETS.firstResponseMs) {
      misses.push(`${r.name} first response ${r.firstResponse.median.toFixed(1)} ms`);
    }
  }
  console.log(configVersusCategories(rows));
  console.log(
    `targets: every bundle under ${TARGETS.bundleKB} KB minified; first response within ${TARGETS.firstResponseMs} ms (median) → ` +
      (misses.length ? `missed: ${misses.join(', ')}` : rows.some((r) => r.error) ? 'met by every function measured' : 'all met'),
  );
}

/**
 * Section 1: bundles every functions/<name>/handler.ts as serverless-esbuild does, reports its size, then starts each
 * bundle in fresh `node` processes and invokes its handler once with an event answered without network services.
 */
export async function benchBundles(options: BenchBundlesOptions): Promise<BundlesResult> {
  const { root } = options;
  // BENCH_BUNDLES_ONLY=1: sizes only, no cold starts (a few seconds instead of minutes).
  const sizesOnly = process.env.BENCH_BUNDLES_ONLY === '1';
  const runs = sizesOnly ? 0 : (options.runs ?? (Number(process.env.BENCH_RUNS) || 7));
  const warmup = sizesOnly ? 0 : (options.warmup ?? 1);
  const buildOptions = lambdaBuildOptions(root);
  const functions = discoverFunctions(root);
  const errors: string[] = [];

  // Under node_modules so the bundle's require('@aws-sdk/…') walks up to /work/main/node_modules, as on Lambda's runtime.
  const cacheDir = path.join(root, 'node_modules', '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(path.join(cacheDir, 'run-'));
  const cleanup = () => rmSync(outDir, { recursive: true, force: true });
  process.once('exit', cleanup);

  const rows: BundleRow[] = [];
  let baseline: Baseline;
  try {
    baseline = await measureBaseline(root, runs, warmup, errors);
    for (const fn of functions) {
      const row: BundleRow = { name: fn.name, eventNote: fn.eventNote, answer: '' };
      rows.push(row);
      const bundlePath = await bundle(fn, outDir, root, row);
      if (bundlePath && runs > 0) await coldStarts(fn, bundlePath, root, runs, warmup, row);
      if (row.error) errors.push(`${fn.name}: ${row.error}`);
    }
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
    try {
      rmdirSync(cacheDir); // only if no other run is using it
    } catch {
      /* not empty */
    }
  }

  const result: BundlesResult = { rows, baseline, errors };
  printBundles(
    result,
    [
      `esbuild as serverless.yml custom.esbuild: ${describeBuildOptions(buildOptions)}`,
      `node ${process.version} ${os.platform()} ${os.arch()}; ${runs} runs per function after ${warmup} discarded warm-up; ` +
        'ms are median (min–max); KB = 1024 bytes; gzip at zlib default level',
      '',
    ].join('\n'),
  );
  return result;
}
