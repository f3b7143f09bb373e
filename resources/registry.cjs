// Loads the action registry (functions/registry.ts) at packaging time, so serverless.yml's routes and IAM roles
// are generated from the same declarations the Lambdas dispatch on. esbuild compiles it in memory.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
let cached;

/** Compiles a TypeScript entry (a file, or source text resolved from the repo root) and loads it. */
function compile(entry, name) {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, resolveDir: root, loader: 'ts' } }),
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const filename = path.join(root, `functions/${name}.compiled.cjs`);
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(root);
  mod._compile(result.outputFiles[0].text, filename);
  return mod.exports;
}

function loadRegistry() {
  cached ??= compile(path.join(root, 'functions/registry.ts'), 'registry');
  return cached;
}

const needsCache = new Map();

/**
 * Every function's needs declaration (functions/<dir>/needs.ts, see shared/needs.ts), with the helpers that derive
 * settings and key patterns from it. A function without a declaration cannot be packaged.
 */
function loadNeeds(dirs) {
  const cacheKey = dirs.join(',');
  if (needsCache.has(cacheKey)) return needsCache.get(cacheKey);
  const missing = dirs.filter((d) => !fs.existsSync(path.join(root, 'functions', d, 'needs.ts')));
  if (missing.length) {
    throw new Error(`functions/${missing[0]}/needs.ts is missing: every function declares what it needs (see shared/needs.ts)`);
  }
  const contents = [
    "export { settingsFor, switchIsOn } from './shared/config';",
    "export { effectiveNeeds, bucketAreas } from './shared/needs';",
    "export { keys, Index } from './shared/table/keys';",
    "export { clientBudgetSeconds, functionTimeoutSeconds } from './shared/aws/timeouts';",
    ...dirs.map((d, i) => `import { needs as needs${i} } from './functions/${d}/needs';`),
    `export const needs = { ${dirs.map((d, i) => `${JSON.stringify(d)}: needs${i}`).join(', ')} };`,
  ].join('\n');
  const loaded = compile({ contents, sourcefile: 'needs-entry.ts' }, 'needs');
  needsCache.set(cacheKey, loaded);
  return loaded;
}

/** `business-profile` -> `businessProfile`: serverless function keys. */
const functionKey = (category) => category.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** Functions that are not an action category: SNS ingest, the API-key authorizer, the Flows data endpoint. */
const STANDALONE_FUNCTIONS = ['ingest', 'authorizer', 'flow-endpoint'];

/** The function keys serverless.yml gets, with the functions/ folder each one is built from. */
function functionDirs() {
  const { actionNames } = loadRegistry();
  const categories = [...new Set(actionNames.map((a) => a.category))];
  return [...categories, ...STANDALONE_FUNCTIONS].map((dir) => ({ key: functionKey(dir), dir }));
}

/**
 * The config function answers help / list_actions from functions/config/action-manifest.json (generated from the
 * registry, see shared/actions/manifest.ts). Packaging (and `npm start`) rewrites it when the registry moved on, so
 * a deployment never describes other actions than it routes.
 */
async function syncActionManifest() {
  const { actionManifestText, ACTION_MANIFEST_PATH } = loadRegistry();
  const file = path.join(root, ACTION_MANIFEST_PATH);
  // Async: the registry loads each action's module (with its schema) only when asked (shared/actions/category.ts).
  const text = await actionManifestText();
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

module.exports = { loadRegistry, loadNeeds, functionDirs, functionKey, syncActionManifest, root, STANDALONE_FUNCTIONS };
