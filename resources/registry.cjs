// Loads the action registry (functions/registry.ts) at packaging time, so serverless.yml's routes and IAM roles
// are generated from the same declarations the Lambdas dispatch on. esbuild compiles it in memory.
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
let cached;

function loadRegistry() {
  if (cached) return cached;
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, 'functions/registry.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const filename = path.join(root, 'functions/registry.compiled.cjs');
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(root);
  mod._compile(result.outputFiles[0].text, filename);
  cached = mod.exports;
  return cached;
}

/** `business-profile` -> `businessProfile`: serverless function keys. */
const functionKey = (category) => category.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

module.exports = { loadRegistry, functionKey, root };
