// serverless offline, as `npm start` runs it (local/cloud.ts): the functions' bundles are built by local/bundles.ts
// before and beside the `serverless` CLI, so serverless-esbuild skips them. When `npm start` rebuilds after a source
// change it touches .esbuild/.build/.generation, and this plugin then asks serverless offline to drop its warm
// function instances, so the next request runs the new code. Without LOCAL_PREBUILT_BUNDLES=1 it does nothing
// (`serverless package` and deployments build as before).
const fs = require('node:fs');
const path = require('node:path');

class LocalPrebuiltBundles {
  constructor(serverless) {
    if (process.env.LOCAL_PREBUILT_BUNDLES !== '1') return;
    const generation = path.join(serverless.config.serviceDir, '.esbuild', '.build', '.generation');
    this.hooks = {
      initialize: () => {
        for (const fn of Object.values(serverless.service.functions ?? {})) fn.skipEsbuild = true;
      },
      'offline:start:init': () => {
        fs.mkdirSync(path.dirname(generation), { recursive: true });
        if (!fs.existsSync(generation)) fs.writeFileSync(generation, '0\n');
        let timer;
        fs.watch(generation, () => {
          clearTimeout(timer);
          timer = setTimeout(() => void serverless.pluginManager.spawn('offline:functionsUpdated'), 100);
        }).unref();
      },
    };
  }
}

module.exports = LocalPrebuiltBundles;
