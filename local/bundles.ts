import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lambdaBuildOptions } from '../bench/esbuild-options';

/**
 * The functions' bundles for serverless offline, built here rather than by serverless-esbuild, for two reasons:
 * the build starts at once, beside DynamoDB Local's JVM, instead of after the `serverless` CLI's own start (about
 * 2 s); and it is skipped when nothing changed. The bundles are what serverless-esbuild would write to the same
 * place (.esbuild/.build/functions/<name>/handler.js), with the same options (serverless.yml `custom.esbuild`, read
 * by bench/esbuild-options.ts), all in one esbuild call (shared modules are parsed once).
 *
 * Freshness is a content hash: of the options, the esbuild version, the plugins file, and every input the last
 * build read (esbuild's metafile lists them, node_modules included). A new or deleted source file that no bundle
 * imported yet can only matter through an import in a file that did change, so the hash catches it too.
 */

export const BUILD_DIR = path.join('.esbuild', '.build');
const RECORD = path.join('.esbuild', 'local-bundles.json');
/** Touched after every build: the serverless offline plugin (local/serverless-plugin.cjs) reloads functions on it. */
export const GENERATION_FILE = path.join(BUILD_DIR, '.generation');

interface Record {
  key: string;
  inputs: string[];
  inputsHash: string;
  outputs: string[];
}

export interface BundleResult {
  built: boolean;
  reason: string;
  entries: number;
  ms: number;
}

/** Every function entry: each functions/<name>/handler.ts (resources/functions.cjs points each function at one). */
export function functionEntries(root: string): string[] {
  return readdirSync(path.join(root, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, 'functions', d.name, 'handler.ts')))
    .map((d) => `functions/${d.name}/handler.ts`)
    .sort();
}

function hashFiles(root: string, files: string[]): string | undefined {
  const hash = createHash('sha256');
  for (const file of files) {
    try {
      hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
    } catch {
      return undefined; // an input is gone: rebuild
    }
  }
  return hash.digest('hex');
}

/** What makes a build different besides its inputs: options, esbuild's version, the plugins file, the entries. */
function buildKey(root: string, entries: string[], options: object, esbuildVersion: string): string {
  // serverless.yml's `custom.esbuild.plugins` names a file; its code is not an esbuild input, so it is hashed here.
  const pluginsFile = /^\s+plugins:\s*(\.\S+)\s*$/m.exec(readFileSync(path.join(root, 'serverless.yml'), 'utf8'))?.[1];
  const plugins = pluginsFile ? readFileSync(path.join(root, pluginsFile)) : '';
  return createHash('sha256').update(JSON.stringify({ options, esbuildVersion, entries })).update(plugins).digest('hex');
}

function readRecord(root: string): Record | undefined {
  try {
    return JSON.parse(readFileSync(path.join(root, RECORD), 'utf8')) as Record;
  } catch {
    return undefined;
  }
}

function staleReason(root: string, record: Record | undefined, key: string): string | undefined {
  if (!record) return 'first build';
  if (record.key !== key) return 'build options or entries changed';
  if (record.outputs.some((o) => !existsSync(path.join(root, o)))) return 'a bundle is missing';
  if (hashFiles(root, record.inputs) !== record.inputsHash) return 'sources changed';
  return undefined;
}

function touchGeneration(root: string): void {
  const file = path.join(root, GENERATION_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${Date.now()}\n`);
}

/** Builds the bundles unless the last build's inputs are unchanged. */
export async function ensureBundles(root: string): Promise<BundleResult> {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const entries = functionEntries(root);
  const fromYaml = lambdaBuildOptions(root);
  const key = buildKey(root, entries, fromYaml, esbuild.version);
  const reason = staleReason(root, readRecord(root), key);
  if (!reason) return { built: false, reason: 'unchanged', entries: entries.length, ms: performance.now() - started };
  // The config bundle carries the action manifest, which packaging derives from the registry (resources/registry.cjs);
  // the `serverless` CLI starting beside this build writes it too, but maybe after esbuild read it. When no input
  // changed, neither did the registry, so the manifest is current.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await (require(path.join(root, 'resources', 'registry.cjs')) as { syncActionManifest(): Promise<void> }).syncActionManifest();

  const result = await esbuild.build({
    ...fromYaml,
    absWorkingDir: root,
    entryPoints: entries,
    outdir: path.join(root, BUILD_DIR),
    outbase: root,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes(':')) // virtual modules (namespace:path) have no file to hash
    .sort();
  const outputs = Object.keys(result.metafile.outputs).map((o) => path.relative(root, path.resolve(root, o)));
  const record: Record = { key, inputs, inputsHash: hashFiles(root, inputs) ?? '', outputs };
  const tmp = path.join(root, `${RECORD}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(record));
  renameSync(tmp, path.join(root, RECORD));
  touchGeneration(root);
  return { built: true, reason, entries: entries.length, ms: performance.now() - started };
}

function folders(dir: string): string[] {
  const subfolders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  return [dir, ...subfolders.flatMap((d) => folders(path.join(dir, d.name)))];
}

/**
 * Rebuilds after a change under functions/ or shared/ (as serverless-esbuild's watcher did): when the bundles
 * changed, local/serverless-plugin.cjs sees the generation file move and serverless offline reloads its functions.
 */
export function watchBundles(root: string, log: (line: string) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const rebuild = () => {
    running = running.then(() =>
      ensureBundles(root).then(
        (r) => r.built && log(`functions rebuilt in ${(r.ms / 1000).toFixed(1)} s (${r.reason}); the next request runs the new code`),
        (err: Error) => log(`rebuild failed: ${err.message.split('\n')[0]}`),
      ),
    );
  };
  // Each folder on its own: Node 20's recursive watch on Linux loses a file that an editor or git replaced.
  const watchers = [...folders(path.join(root, 'functions')), ...folders(path.join(root, 'shared'))].map((dir) =>
    watch(dir, (_event, file) => {
      if (file && !/\.(ts|json|cjs|js)$/.test(String(file))) return;
      clearTimeout(timer);
      timer = setTimeout(rebuild, 200);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
