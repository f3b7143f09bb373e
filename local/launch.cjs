// `npm start`: runs local/start.ts from one prebuilt CommonJS file instead of through tsx. tsx compiles and resolves
// each of the ~150 modules `npm start` loads (local/, the stand-ins, shared/) through its loader on every start,
// about half a second of CPU before DynamoDB Local's JVM is even spawned; one esbuild bundle, rebuilt only when one
// of its inputs changed, loads in a tenth of that. The bundle is .esbuild/local-start.cjs; its record
// (.esbuild/local-start.json) lists every input esbuild read with their content hash, as local/bundles.ts does for
// the functions. Packages stay in node_modules (required as usual), and each module's __dirname is its own folder,
// as under tsx.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, '.esbuild', 'local-start.cjs');
const RECORD = path.join(ROOT, '.esbuild', 'local-start.json');

function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    try {
      hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file))).update('\0');
    } catch {
      return undefined; // an input is gone: rebuild
    }
  }
  return hash.digest('hex');
}

/** What makes a build different besides its inputs: this file, where the repository is, esbuild's version. */
function buildKey(esbuildVersion) {
  return createHash('sha256').update(fs.readFileSync(__filename)).update(ROOT).update(esbuildVersion).digest('hex');
}

function isFresh(key) {
  try {
    const record = JSON.parse(fs.readFileSync(RECORD, 'utf8'));
    return record.key === key && fs.existsSync(BUNDLE) && hashFiles(record.inputs) === record.inputsHash;
  } catch {
    return false;
  }
}

/** Replaces `__dirname` in our own sources by the folder of the file it is written in (the bundle is elsewhere). */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      return { contents: source.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))), loader: 'ts' };
    });
  },
};

async function build(esbuild, key) {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'local', 'start.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile: BUNDLE,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [ownDirname],
  });
  // Written aside and renamed in place: a start running at the same time never reads half a bundle.
  const write = (file, content) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  };
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  write(BUNDLE, result.outputFiles[0].contents);
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':')).sort();
  write(RECORD, JSON.stringify({ key, inputs, inputsHash: hashFiles(inputs) }));
}

async function main() {
  const key = buildKey(require('esbuild/package.json').version);
  if (!isFresh(key)) {
    try {
      await build(require('esbuild'), key);
    } catch (err) {
      console.error(`npm start: could not build local/start.ts: ${err.message}`);
      process.exit(1);
    }
  }
  require(BUNDLE);
}

void main();
