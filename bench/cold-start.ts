import { mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { deployedSharedEnvironment, describeBuildOptions, lambdaBuildOptions } from './esbuild-options';
import { discoverFunctions, type BenchFunction } from './functions';
import { startColdStartServices } from './cold-start-services';
import { printBundles, type Baseline, type BundleRow } from './cold-start-report';
import { runNode } from './spawn';
import { summarize } from './stats';

/** The environment the functions validate at cold start, and nothing else from the parent (no NODE_OPTIONS, no AWS profile). */
export const CHILD_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // What Lambda sets: the functions then hold to the settings their needs declare (shared/config.ts).
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};

const CHILD_SCRIPT = path.join(__dirname, 'cold-start-child.cjs');
const FLOOR_SCRIPT = path.join(__dirname, 'cold-start-floor.cjs');
const RESULT_MARKER = '__BENCH_RESULT__';

interface Recorded {
  requests: { kind: string; client?: string; command?: string; url?: string; concurrent: boolean }[];
  packages: string[];
}
interface ChildResult {
  tFirstLine: number;
  tLoaded?: number;
  tResponse?: number;
  /** CPU time (user + system) the process had used at the answer. */
  cpuMs?: number;
  response?: unknown;
  error?: string;
  recorded?: Recorded;
  failures?: string[];
}

export interface BundlesResult {
  rows: BundleRow[];
  baseline: Baseline;
  errors: string[];
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
const newToken = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

async function bundle(fn: BenchFunction, options: BuildOptions, outfile: string, root: string): Promise<{ bytes: number; gzipBytes: number }> {
  await build({ ...options, entryPoints: [fn.entry], outfile, absWorkingDir: root, write: true, logLevel: 'silent' });
  const code = readFileSync(outfile);
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

/** One cold start of `script args`; throws with the child's reason when it did not answer. */
async function coldStart(args: string[], env: NodeJS.ProcessEnv, root: string): Promise<ChildResult & { wallMs: number }> {
  const run = await runNode(args, env, root);
  const result = parseChild(run.stdout);
  if (!result || result.error || run.code !== 0 || run.timedOut) {
    throw new Error(firstLineOf(result?.error ?? (run.timedOut ? 'timed out' : run.stderr || `exit code ${run.code ?? run.signal}`)));
  }
  return { ...result, wallMs: run.wallMs };
}

interface Variant {
  key: 'external' | 'bundled' | 'floor';
  env: NodeJS.ProcessEnv;
  args: (token: string) => string[];
}

async function measureFunction(fn: BenchFunction, files: { external: string; bundled?: string; spec: string }, env: NodeJS.ProcessEnv, root: string, runs: number, row: BundleRow) {
  const eventJson = JSON.stringify(fn.event);
  // A first run fills what a warm deployment already has (the accounts cache); the second is the one recorded.
  await coldStart([CHILD_SCRIPT, files.external, eventJson, newToken()], env, root);
  const recordToken = newToken();
  const recorded = await coldStart([CHILD_SCRIPT, files.external, eventJson, recordToken], { ...env, BENCH_RECORD: '1' }, root);
  row.recorded = recorded.recorded;
  writeFileSync(files.spec, JSON.stringify(recorded.recorded));
  // The function runs with serverless.yml's shared environment (NODE_OPTIONS, if any), as deployed; the floor is a plain node.
  const fnEnv = { ...env, ...deployedSharedEnvironment(root) };
  const variants: Variant[] = [
    { key: 'external', env: fnEnv, args: (t) => [CHILD_SCRIPT, files.external, eventJson, t] },
    ...(files.bundled ? [{ key: 'bundled' as const, env: fnEnv, args: (t: string) => [CHILD_SCRIPT, files.bundled!, eventJson, t] }] : []),
    { key: 'floor', env, args: (t) => [FLOOR_SCRIPT, files.spec, recordToken, t] },
  ];
  const times: Record<Variant['key'], number[]> = { external: [], bundled: [], floor: [] };
  const cpu: Record<Variant['key'], number[]> = { external: [], bundled: [], floor: [] };
  const loaded: number[] = [];
  const answers = new Set<string>();
  const floorFailures = new Set<string>();
  // One warm-up round, then rounds in a rotating order: each variant goes first, second and last alike.
  for (let i = -1; i < runs; i++) {
    const round = variants.map((_, k) => variants[(k + Math.max(i, 0)) % variants.length]!);
    for (const v of round) {
      const r = await coldStart(v.args(newToken()), v.env, root);
      if (i < 0) continue;
      times[v.key].push(r.tResponse!);
      cpu[v.key].push(r.cpuMs!);
      if (v.key === 'external') {
        loaded.push(r.tLoaded!);
        answers.add(describeAnswer(r.response));
      }
      if (v.key === 'floor') r.failures?.forEach((f) => floorFailures.add(f));
    }
  }
  row.firstResponse = summarize(times.external);
  row.bundledFirstResponse = summarize(times.bundled);
  row.floor = summarize(times.floor);
  row.ratio = summarize(times.external.map((t, i) => t / times.floor[i]!));
  row.bundledRatio = summarize(times.bundled.map((t, i) => t / times.floor[i]!));
  row.loaded = summarize(loaded);
  row.cpu = summarize(cpu.external);
  row.floorCpu = summarize(cpu.floor);
  row.cpuRatio = summarize(cpu.external.map((t, i) => t / cpu.floor[i]!));
  row.answer = [...answers].join(' / ');
  row.floorFailures = [...floorFailures];
}

/**
 * BENCH_CPU_PROFILE=<dir>: one more cold start of each function under `node --cpu-prof`, from the same build left
 * unminified, so a profile names our modules: <dir>/<function>.js and <dir>/<function>.cpuprofile.
 */
async function profileColdStart(fn: BenchFunction, options: BuildOptions, env: NodeJS.ProcessEnv, root: string, dir: string): Promise<void> {
  const bundlePath = path.join(dir, `${fn.name}.js`);
  mkdirSync(dir, { recursive: true });
  await build({ ...options, minify: false, entryPoints: [fn.entry], outfile: bundlePath, absWorkingDir: root, write: true, logLevel: 'silent' });
  await coldStart(['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${fn.name}.cpuprofile`, '--cpu-prof-interval=100', CHILD_SCRIPT, bundlePath, JSON.stringify(fn.event), newToken()], env, root);
}

async function measureBaseline(env: NodeJS.ProcessEnv, root: string, runs: number): Promise<Baseline> {
  const firstLine: number[] = [];
  const nodeEWall: number[] = [];
  for (let i = -1; i < runs; i++) {
    const bare = await runNode(['-e', '0'], env, root);
    const script = await coldStart([CHILD_SCRIPT], env, root);
    if (i < 0) continue;
    nodeEWall.push(bare.wallMs);
    firstLine.push(script.tFirstLine);
  }
  return { nodeEWall: summarize(nodeEWall), firstLine: summarize(firstLine) };
}

/**
 * Section 1: bundles every functions/<name>/handler.ts as serverless-esbuild does (and once more with the AWS SDK
 * bundled in), reports the sizes, then cold-starts each in fresh `node` processes on an everyday event answered by
 * local engines and stand-ins, next to its floor: a fresh `node` that loads only the SDK packages the function's
 * requests need and makes the same requests (recorded from the function in a run that is not counted).
 */
export async function benchBundles(options: { root: string; runs?: number }): Promise<BundlesResult> {
  const { root } = options;
  const sizesOnly = process.env.BENCH_BUNDLES_ONLY === '1';
  const runs = sizesOnly ? 0 : (options.runs ?? (Number(process.env.BENCH_RUNS) || 7));
  const withBundledSdk = process.env.BENCH_SDK_BUNDLED !== '0';
  const profileDir = process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : undefined;
  const buildOptions = lambdaBuildOptions(root);
  const bundledSdkOptions: BuildOptions = { ...buildOptions, external: [] };
  const errors: string[] = [];

  // Under node_modules so the bundle's require('@aws-sdk/…') walks up to node_modules, as on Lambda's runtime.
  const cacheDir = path.join(root, 'node_modules', '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(path.join(cacheDir, 'run-'));
  const services = sizesOnly ? undefined : await startColdStartServices(CHILD_ENV);
  const env = services?.env ?? CHILD_ENV;
  const functions = discoverFunctions(root, { apiKey: services?.apiKey ?? 'none' });
  const rows: BundleRow[] = [];
  let baseline: Baseline = {};
  try {
    if (runs > 0) baseline = await measureBaseline(env, root, runs);
    for (const fn of functions) {
      const row: BundleRow = { name: fn.name, eventNote: fn.eventNote, answer: '' };
      rows.push(row);
      const files = { external: path.join(outDir, fn.name, 'handler.js'), bundled: path.join(outDir, fn.name, 'bundled-sdk.js'), spec: path.join(outDir, fn.name, 'floor.json') };
      try {
        Object.assign(row, await bundle(fn, buildOptions, files.external, root));
        if (withBundledSdk) row.bundledBytes = (await bundle(fn, bundledSdkOptions, files.bundled, root)).bytes;
        if (runs > 0) await measureFunction(fn, { ...files, bundled: withBundledSdk ? files.bundled : undefined }, env, root, runs, row);
        if (runs > 0 && profileDir) await profileColdStart(fn, buildOptions, env, root, profileDir);
      } catch (err) {
        row.error = firstLineOf((err as Error).message);
        errors.push(`${fn.name}: ${row.error}`);
      }
    }
  } finally {
    await services?.stop();
    rmSync(outDir, { recursive: true, force: true });
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
      `esbuild as serverless.yml custom.esbuild: ${describeBuildOptions(buildOptions)}` +
        (withBundledSdk ? '; "SDK bundled": the same with nothing external' : ''),
      `node ${process.version} ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}; ${runs} rounds per function after 1 discarded warm-up round, ` +
        'function and floor alternating; ms are median (min–max) of performance.now() at the answer (ms since the process started); ratio = pairwise; ' +
        'CPU ms: the process\'s CPU time (user + system) at the answer, which a loaded machine inflates far less than wall time',
      '',
    ].join('\n'),
  );
  return result;
}
