import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { awsEnv, LOCAL_CONCURRENCY, localUrl } from './aws-env';
import type { BundleResult } from './bundles';
import { QUICK_START_JVM_FLAGS, spawnDynamoDbLocal, type SpawnedDynamo } from './engines/dynamodb-local';
import { freePort } from './free-port';
import { startGateway } from './gateway';
import { prewarmFunctions, startOffline, stopProcessGroup, waitForHttp } from './offline';
import { LOCAL_ACCOUNT_ID, LOCAL_STAGE, SERVICE, topicArnFor, type LocalSettings } from './settings';
import { StartTimings } from './start-timings';

// Only light modules above: local/cloud-services.ts (AWS SDK clients, stand-ins), s3rver and esbuild load after
// DynamoDB Local's JVM and the `serverless` CLI were spawned, so that loading them overlaps those two starts.

export interface LocalCloud {
  baseUrl: string;
  topicArn: string;
  /** One line: when each start phase ended (start-timings.ts). */
  timings: string;
  /** Resolves with what happened if DynamoDB Local or serverless offline ends while the cloud runs. */
  failed: Promise<string>;
  stop(): Promise<void>;
}

type Log = (line: string) => void;
type Stops = Array<() => Promise<unknown>>;

/** serverless offline's environment; it also learns which JVM to stop if `npm start` dies (offline-runner.cjs). */
function offlineEnv(s: LocalSettings, dlqUrl: string, dynamo: SpawnedDynamo): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...awsEnv(s, dlqUrl),
    // The bundles come from local/bundles.ts: offline-runner.cjs leaves serverless-esbuild out, or, when it resolves
    // serverless.yml afresh, local/serverless-plugin.cjs tells serverless-esbuild to skip them.
    LOCAL_PREBUILT_BUNDLES: '1',
    LOCAL_STOP_WITH_PARENT_PIDS: String(dynamo.pid),
  };
}

/**
 * The child processes, watched: `failed` resolves when one ends on its own, and if this process exits any other
 * way than through stop() (an uncaught error, process.exit), they are killed on the way out rather than orphaned.
 */
function watchChildren(dynamo: SpawnedDynamo, offline: ChildProcess) {
  let stopping = false;
  const failed = new Promise<string>((resolve) => {
    void dynamo.exited.then((how) => stopping || resolve(`DynamoDB Local ${how}`));
    offline.once('exit', (code, signal) => stopping || resolve(`serverless offline exited with ${code ?? signal}`));
  });
  const killNow = () => {
    for (const kill of [() => process.kill(-offline.pid!, 'SIGKILL'), () => process.kill(dynamo.pid, 'SIGKILL')]) {
      try {
        kill();
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', killNow);
  return { failed, stopping: () => ((stopping = true), process.off('exit', killNow)) };
}

/**
 * The authorizer and config functions warmed in serverless offline (offline.ts prewarmFunctions) once its routes
 * are up and the bundles current (an instance warmed on a bundle about to be rebuilt would be dropped again), and
 * only while the table and the API key are not ready: after that, the ready check itself is the warm-up.
 */
function functionWarmer(s: LocalSettings, timings: StartTimings) {
  const state = { routesUp: false, bundlesReady: false, finished: false };
  let warming: Promise<void> | undefined;
  const maybeWarm = () => {
    if (!state.routesUp || !state.bundlesReady || state.finished || warming) return;
    warming = prewarmFunctions(localUrl(s, s.ports.lambda), `${SERVICE}-${LOCAL_STAGE}-`).then(() => timings.mark('functions warm'));
  };
  return {
    routesUp: () => ((state.routesUp = true), maybeWarm()),
    bundlesReady: () => ((state.bundlesReady = true), maybeWarm()),
    /** No warm-up from now on; one under way is awaited: it loads the instances the ready check will use. */
    finish: () => ((state.finished = true), warming),
  };
}

const describeBundles = (b: BundleResult) => (b.built ? `built ${b.entries}: ${b.reason}` : `${b.entries} unchanged`);

/** Rejects as soon as `failed` resolves: a start does not wait 90 s for a child that already died. */
const unlessFailed = <T>(work: Promise<T>, failed: Promise<string>) =>
  Promise.race([work, failed.then((reason) => Promise.reject(new Error(reason)))]);

/**
 * Starts the whole local cloud: DynamoDB Local with the table from resources/table.yml and the API key, s3rver with
 * the media bucket, the SQS dead-letter queue, the SNS topic delivering to the ingest function as AWS would, the EUM
 * Social stand-in (whose status events go to that topic), the functions' bundles (local/bundles.ts: skipped when
 * nothing changed), serverless offline with every function, and the gateway in front of it. Everything starts at
 * once; ready means the first request is answered, through the authorizer (the API key) and a function (its bundle).
 */
export async function startLocalCloud(s: LocalSettings, log: Log, verbose = false): Promise<LocalCloud> {
  const timings = new StartTimings();
  const stops: Stops = [];
  // The queue URL is known before the queue exists: the stand-in names it from its address.
  const dlqUrl = `${localUrl(s, s.ports.sqs)}/${LOCAL_ACCOUNT_ID}/${s.dlqName}`;
  const offlineHttpPort = await freePort();
  // The two longest starts go first: DynamoDB Local's JVM, and the `serverless` CLI (which serves HTTP on an
  // internal port behind the gateway, gateway.ts).
  const dynamo = spawnDynamoDbLocal({ port: s.ports.dynamodb, log, jvmFlags: QUICK_START_JVM_FLAGS });
  const offlinePorts = { httpPort: offlineHttpPort, lambdaPort: s.ports.lambda, host: s.host };
  const warmer = functionWarmer(s, timings);
  const milestone = (name: string, note?: string) => {
    timings.mark(name, note);
    if (name === 'offline routes') warmer.routesUp();
  };
  const offline = startOffline(offlineEnv(s, dlqUrl, dynamo), offlinePorts, verbose, log, milestone);
  const children = watchChildren(dynamo, offline);
  // Stopped together: each stop is independent, and a slow one must not keep a process alive past its caller's patience.
  stops.push(() => dynamo.stop(), () => stopProcessGroup(offline));
  const stopAll = async () => {
    children.stopping();
    await Promise.all(stops.map((stop) => stop().catch((err) => log(`stop failed: ${(err as Error).message}`))));
  };
  try {
    const gateway = await startGateway({ port: s.ports.http, host: s.host, upstream: localUrl(s, offlineHttpPort), timeoutMs: 70_000, log, maxInFlight: LOCAL_CONCURRENCY });
    stops.push(() => gateway.close());
    await unlessFailed(startInProcess(s, dlqUrl, dynamo, stops, log, timings, warmer.bundlesReady), children.failed);
    await warmer.finish();
    // Asked of offline directly: through the gateway, each "not listening yet" would be logged as a failure.
    await unlessFailed(waitForHttp(localUrl(s, offlineHttpPort), s.apiKey, offline, 180_000), children.failed);
    timings.mark('first answer');
    const { watchBundles } = await import('./bundles');
    const unwatch = watchBundles(join(__dirname, '..'), log);
    stops.push(async () => unwatch());
    return { baseUrl: gateway.url, topicArn: topicArnFor(s), timings: timings.line(), failed: children.failed, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Everything of the cloud that runs in this process, loaded now that the child processes are on their way. */
async function startInProcess(s: LocalSettings, dlqUrl: string, dynamo: SpawnedDynamo, stops: Stops, log: Log, timings: StartTimings, bundlesReady: () => void): Promise<void> {
  const [services, bundles, { startS3Local }] = await Promise.all([import('./cloud-services'), import('./bundles'), import('./engines/s3rver')]);
  timings.mark('local/ loaded');
  await Promise.all([
    timings.time('bundles', bundles.ensureBundles(join(__dirname, '..')), describeBundles).then(bundlesReady),
    services.prepareTable(s, dynamo.ready, dlqUrl, log, timings),
    timings.time('s3rver', startS3Local({ port: s.ports.s3, directory: join(s.dataDir, 's3'), buckets: [s.mediaBucket], log })).then((s3) => stops.push(() => s3.stop())),
    timings.time('stand-ins', services.startStandins(s, stops, log)),
  ]);
}
