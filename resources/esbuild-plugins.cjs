// esbuild plugins for every function's bundle (serverless.yml custom.esbuild.plugins; the bench loads the same file).
const { readFileSync } = require('node:fs');
const { brotliCompressSync } = require('node:zlib');

/**
 * The action manifest (functions/config/action-manifest.json, about 100 KB of field schemas, growing with every
 * action) ships brotli-compressed: the committed file stays one line per action for readable diffs and merges, while
 * the config bundle carries about a fifth of it and unpacks it once, in about a millisecond, when first imported.
 */
const compressedActionManifest = {
  name: 'compressed-action-manifest',
  setup(build) {
    build.onLoad({ filter: /action-manifest\.json$/ }, (args) => {
      const packed = brotliCompressSync(readFileSync(args.path)).toString('base64');
      return {
        loader: 'js',
        contents: `module.exports = JSON.parse(require('node:zlib').brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8'));`,
      };
    });
  },
};

const SDK_PACKAGE = /^@aws-sdk\/[^/]+$/;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The value names a TypeScript file imports from `pkg` (`import { A, B as C, type D }` → A, B), or null for `* as`. */
function namesImported(source, pkg) {
  const names = new Set();
  const statement = new RegExp(`import\\s+(type\\s+)?([^;]*?)\\s+from\\s+['"]${escape(pkg)}['"]`, 'g');
  for (const [, typeOnly, clause] of source.matchAll(statement)) {
    if (typeOnly) continue;
    const braces = /\{([^}]*)\}/.exec(clause);
    if (!braces || clause.replace(braces[0], '').replace(/,/g, '').trim()) return null; // default or namespace import
    for (const part of braces[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0].trim();
      if (name && !name.startsWith('type ')) names.add(name);
    }
  }
  return names;
}

/**
 * Every `import { X } from '@aws-sdk/…'` in our code becomes a getter that loads the package on first use of X.
 * esbuild keeps `import_pkg.X` at each use site, so an event that never touches S3 never loads @aws-sdk/client-s3
 * (30–60 ms each at cold start), without each of the ~20 modules that name an SDK command wrapping its own import.
 * One small wrapper per importing file, with the names that file imports; the SDK's own requires stay as they are.
 */
const lazyAwsSdk = {
  name: 'lazy-aws-sdk',
  setup(build) {
    const root = () => build.initialOptions.absWorkingDir ?? process.cwd();
    build.onResolve({ filter: SDK_PACKAGE }, (args) => {
      // A `require()` in our code (shared/aws/clients.ts) is already lazy; only import statements are wrapped.
      if (args.kind !== 'import-statement' || args.namespace !== 'file' || args.importer.includes('node_modules')) return undefined;
      return { path: args.path, namespace: 'lazy-aws-sdk', pluginData: { importer: args.importer }, suffix: `?${args.importer}` };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-aws-sdk' }, (args) => {
      const imported = namesImported(readFileSync(args.pluginData.importer, 'utf8'), args.path);
      const names = imported ?? Object.keys(require(require.resolve(args.path, { paths: [root()] })));
      const getters = [...names].filter((n) => n !== '__esModule').map((n) => `get ${n}() { return load().${n}; }`);
      return {
        loader: 'js',
        resolveDir: root(),
        contents: `let sdk; const load = () => (sdk ??= require(${JSON.stringify(args.path)}));\nmodule.exports = { ${getters.join(', ')} };`,
      };
    });
  },
};

module.exports = [compressedActionManifest, lazyAwsSdk];
