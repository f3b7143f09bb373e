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

module.exports = [compressedActionManifest];
