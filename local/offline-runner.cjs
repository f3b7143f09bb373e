// `serverless offline start` as `npm start` runs it (local/offline.ts spawns this file with the CLI's arguments): the
// real `serverless` CLI (osls) and the real serverless-offline, minus the work that gives the same result every time.
//
// - The resolved configuration is kept between starts (local/offline-config-cache.cjs). When nothing it depends on
//   changed, the CLI reads it instead of serverless.yml: no variables to resolve, no registry to compile. That
//   configuration passed the framework's schema validation in the run that resolved it, so it is not validated again.
//   A run that had to resolve serverless.yml keeps its result only when validation found nothing to warn about, so
//   the warnings come back until they are fixed.
// - serverless-esbuild is left out: local/bundles.ts built the functions already (LOCAL_PREBUILT_BUNDLES) and
//   local/bundles.ts watches the sources. What serverless-esbuild would still do for `offline start` is point
//   serverless offline at its build folder; the kept configuration says so itself.
const path = require('node:path');
const { readCachedConfiguration, recordEnvReads, writeCachedConfiguration } = require('./offline-config-cache.cjs');

const argv = process.argv.slice(2);
const osls = path.dirname(require.resolve('serverless/package.json'));
const serverlessYml = path.join(__dirname, '..', 'serverless.yml');
const BUILD_FOLDER = path.join('.esbuild', '.build'); // serverless-esbuild's, where local/bundles.ts writes

/** What serverless-esbuild contributes to `offline start` when the bundles are prebuilt: only where they are. */
function withoutEsbuildPlugin(configuration) {
  const custom = (configuration.custom ??= {});
  custom['serverless-offline'] = { location: BUILD_FOLDER, ...custom['serverless-offline'] };
  return { ...configuration, plugins: (configuration.plugins ?? []).filter((p) => p !== 'serverless-esbuild') };
}

function useCachedConfiguration(configuration) {
  const readPath = require.resolve(path.join(osls, 'lib/configuration/read.js'));
  const read = require(readPath);
  const readModule = require.cache[readPath];
  readModule.exports = async (configurationPath, ...rest) =>
    path.resolve(configurationPath) === serverlessYml ? configuration : read(configurationPath, ...rest);
  const ConfigSchemaHandler = require(path.join(osls, 'lib/classes/config-schema-handler'));
  ConfigSchemaHandler.prototype.validateConfig = async () => {};
}

/** Resolves serverless.yml as usual, and keeps the result once it validated cleanly. */
function keepResolvedConfiguration() {
  const envReads = recordEnvReads();
  const ConfigSchemaHandler = require(path.join(osls, 'lib/classes/config-schema-handler'));
  const validate = ConfigSchemaHandler.prototype.validateConfig;
  ConfigSchemaHandler.prototype.validateConfig = async function validateAndKeep(userConfig) {
    const envRead = envReads.stop();
    await validate.call(this, userConfig);
    if (ConfigSchemaHandler.getConfigurationValidationResult(this.serverless.configurationInput) !== true) return;
    try {
      // As validated (validation may coerce values): what the next start gets instead of validating again.
      writeCachedConfiguration(argv, envRead, withoutEsbuildPlugin(JSON.parse(JSON.stringify(userConfig))));
    } catch (err) {
      process.stderr.write(`(could not keep the resolved configuration: ${err.message})\n`);
    }
  };
}

/**
 * `npm start` stops this process group and its JVM when it exits, however it exits, except when it is killed
 * outright (SIGKILL): then this process is orphaned, and it stops itself and the JVM it was told about
 * (LOCAL_STOP_WITH_PARENT_PIDS), so neither keeps holding its ports.
 */
function stopWithParent() {
  const parent = process.ppid;
  const pids = (process.env.LOCAL_STOP_WITH_PARENT_PIDS ?? '').split(',').filter(Boolean).map(Number);
  const isOurJvm = (pid) => {
    try {
      return require('node:fs').readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
    } catch {
      return false; // gone already (or not Linux: nothing to check it against, so it is left alone)
    }
  };
  setInterval(() => {
    if (process.ppid === parent) return;
    for (const pid of pids.filter(isOurJvm)) process.kill(pid, 'SIGTERM');
    try {
      process.kill(-process.pid, 'SIGTERM'); // the group: serverless offline's workers too
    } catch {
      process.kill(process.pid, 'SIGTERM');
    }
  }, 500).unref();
}

stopWithParent();
let how;
try {
  const cached = readCachedConfiguration(argv);
  if (cached) useCachedConfiguration(cached);
  else keepResolvedConfiguration();
  how = cached ? 'reused (unchanged)' : 'resolved from serverless.yml';
} catch (err) {
  // The two places hooked above are osls internals: should a new osls move them, start the plain CLI.
  how = `resolved from serverless.yml (not kept: ${err.message})`;
}
process.stdout.write(`[local] serverless configuration ${how}\n`);
require(path.join(osls, 'bin/serverless.js'));
