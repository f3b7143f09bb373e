// The `serverless` CLI's resolved configuration, kept between `npm start`s (local/offline-runner.cjs uses it).
// Resolving serverless.yml is most of the CLI's start: resources/functions.cjs compiles and loads the action registry
// (esbuild, zod, every action's schema), and the configuration is validated against the framework's JSON schema.
// When none of its inputs changed, the result is the same, so the CLI is handed the last result instead.
//
// What the result depends on, all in the key:
// - the files resolution reads: serverless.yml, resources/, and the TypeScript the registry compiles from
//   (functions/, shared/), any .env file, and the lockfile (a dependency change is rare and cheap to miss on), and
//   this file, the runner and the local plugin;
// - the environment variables read while it was resolved (recorded then: a name read through `${env:…}`, by
//   resources/functions.cjs or by the framework itself), with their values;
// - the command line, without the offline ports (given as options, they are not part of the configuration).
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CACHE_FILE = path.join(ROOT, '.esbuild', 'local-offline-config.json');
const HASHED_FILES = ['serverless.yml', 'package-lock.json', 'local/offline-config-cache.cjs', 'local/offline-runner.cjs', 'local/serverless-plugin.cjs'];
const HASHED_DIRS = ['resources', 'functions', 'shared'];
/** Options that only tell serverless offline where to listen: the same configuration serves any port. */
const RUNTIME_OPTIONS = new Set(['--httpPort', '--lambdaPort', '--host']);

function filesUnder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : filesUnder(rel);
    return e.isFile() ? [rel] : [];
  });
}

/** The framework loads .env files into the environment before it resolves: their content counts too. */
const dotenvFiles = () => fs.readdirSync(ROOT).filter((f) => f.startsWith('.env'));

function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of [...HASHED_FILES, ...dotenvFiles(), ...HASHED_DIRS.flatMap(filesUnder)].sort()) {
    let content;
    try {
      content = fs.readFileSync(path.join(ROOT, file));
    } catch {
      content = '(missing)';
    }
    hash.update(file).update('\0').update(content).update('\0');
  }
  return hash.digest('hex');
}

function commandLine(argv) {
  return argv.filter((arg, i) => !RUNTIME_OPTIONS.has(arg) && !RUNTIME_OPTIONS.has(argv[i - 1]));
}

function cacheKey(argv, envNames, env) {
  const envValues = envNames.map((name) => [name, env[name] ?? null]);
  return createHash('sha256')
    .update(JSON.stringify({ argv: commandLine(argv), env: envValues, node: process.version }))
    .update(sourcesHash())
    .digest('hex');
}

/** The kept resolutions, most recent first (a few: the e2e tests' clouds and a developer's own take turns). */
function readEntries() {
  try {
    const entries = JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')).entries;
    return Array.isArray(entries) ? entries : [];
  } catch {
    return [];
  }
}

/** A configuration resolved before, if everything it depends on is still the same; else undefined. */
function readCachedConfiguration(argv, env = process.env) {
  const hit = readEntries().find((e) => Array.isArray(e.envNames) && e.key === cacheKey(argv, e.envNames, env));
  return hit?.configuration;
}

/**
 * Records every environment variable name read until `stop()`, with its value when recording started (the framework
 * sets some variables itself while it resolves): `process.env` is swapped for a proxy over the same variables
 * (reads and writes go through to them), and put back by `stop()`.
 */
function recordEnvReads() {
  const real = process.env;
  const before = { ...real };
  const names = new Set();
  // Copying the whole environment (for a child process: esbuild's, when the registry is compiled) reads every
  // variable, in the order the copy listed them; such reads are not the configuration depending on them. A read out
  // of that order is a read by name, recorded even in the same tick as a copy.
  let copy = [];
  let copied = 0;
  const note = (name) => {
    if (typeof name !== 'string') return;
    if (copied < copy.length && copy[copied] === name) copied += 1;
    else names.add(name);
  };
  process.env = new Proxy(real, {
    get: (target, name) => (note(name), Reflect.get(target, name)),
    has: (target, name) => (names.add(name), Reflect.has(target, name)),
    ownKeys: (target) => {
      copy = Reflect.ownKeys(target);
      copied = 0;
      return copy;
    },
  });
  return {
    stop() {
      process.env = real;
      return { names: [...names].sort(), env: before };
    },
  };
}

const KEPT_ENTRIES = 4;

/** `envRead` is what recordEnvReads().stop() returned. */
function writeCachedConfiguration(argv, envRead, configuration) {
  const entry = { key: cacheKey(argv, envRead.names, envRead.env), envNames: envRead.names, configuration };
  const entries = [entry, ...readEntries().filter((e) => e.key !== entry.key)].slice(0, KEPT_ENTRIES);
  fs.mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
  const tmp = `${CACHE_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ entries }));
  fs.renameSync(tmp, CACHE_FILE);
}

module.exports = { CACHE_FILE, cacheKey, readCachedConfiguration, recordEnvReads, writeCachedConfiguration };
