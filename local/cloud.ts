import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureBundles, watchBundles, type BundleResult } from './bundles';
import { QUICK_START_JVM_FLAGS, startDynamoDbLocal } from './engines/dynamodb-local';
import { seedFlowEndpointSecret } from './flow-endpoint-keys';
import { startS3Local } from './engines/s3rver';
import { freePort } from './free-port';
import { startGateway } from './gateway';
import { startOffline, stopProcessGroup, waitForHttp } from './offline';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { LOCAL_ACCOUNT_ID, LOCAL_STAGE, SERVICE, topicArnFor, type LocalSettings } from './settings';
import { DEMO_WABA } from './standins/eum/demo-account';
import { startEumStandin } from './standins/eum/server';
import { startGraphStandin } from './standins/graph/server';
import { startSecretsManagerStandin } from './standins/secretsmanager/server';
import { lambdaInvoker, startSnsStandin } from './standins/sns/server';
import { startSqsStandin } from './standins/sqs/server';
import { StartTimings } from './start-timings';
import { ensureTable } from './table';

export interface LocalCloud {
  baseUrl: string;
  topicArn: string;
  /** One line: when each start phase ended (start-timings.ts). */
  timings: string;
  stop(): Promise<void>;
}

type Log = (line: string) => void;
type Stops = Array<() => Promise<unknown>>;

const local = (s: LocalSettings, port: number) => `http://${s.host}:${port}`;

/** Invocations of one function at once (LOCAL_CONCURRENCY): more only adds cold worker threads on a small machine. */
const LOCAL_CONCURRENCY = Math.max(1, Number(process.env.LOCAL_CONCURRENCY ?? 4));

/** What a deployed function would be pointed at, as AWS_ENDPOINT_URL_<SERVICE> and the stack's names. */
function awsEnv(s: LocalSettings, dlqUrl: string): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: local(s, s.ports.dynamodb),
    AWS_ENDPOINT_URL_S3: local(s, s.ports.s3),
    AWS_ENDPOINT_URL_SQS: local(s, s.ports.sqs),
    AWS_ENDPOINT_URL_SOCIALMESSAGING: local(s, s.ports.eum),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: local(s, s.ports.secretsManager),
    GRAPH_BASE_URL: local(s, s.ports.graph),
    // POST / forwards to category functions through serverless offline's Lambda API; get_infra reads the topic.
    AWS_ENDPOINT_URL_LAMBDA: local(s, s.ports.lambda),
    AWS_ENDPOINT_URL_SNS: local(s, s.ports.sns),
    INBOUND_TOPIC_ARN: topicArnFor(s),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    WA_TABLE_NAME: s.tableName,
    WA_MEDIA_BUCKET: s.mediaBucket,
    INGEST_DLQ_URL: dlqUrl,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/** serverless offline's environment (its ports are options: startOffline). */
function offlineEnv(s: LocalSettings, dlqUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...awsEnv(s, dlqUrl),
    // The bundles come from local/bundles.ts (local/serverless-plugin.cjs tells serverless-esbuild to skip them).
    LOCAL_PREBUILT_BUNDLES: '1',
  };
}

/** DynamoDB Local with the table, and the API key in it (the same code as `npm run api-key -- register`). */
async function startTable(s: LocalSettings, dlqUrl: string, stops: Stops, log: Log, timings: StartTimings): Promise<void> {
  const dynamo = await timings.time('DynamoDB Local', startDynamoDbLocal({ port: s.ports.dynamodb, log, jvmFlags: QUICK_START_JVM_FLAGS }));
  stops.push(() => dynamo.stop());
  const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  log(`table ${s.tableName}: ${await timings.time('table', ensureTable(ddb, s.tableName), (state) => state)}`);
  ddb.destroy();
  // In this process rather than a spawned `npm run api-key` (a second tsx start costs seconds): the shared code
  // reads its settings from process.env when first used, so they are set before it is loaded.
  Object.assign(process.env, awsEnv(s, dlqUrl), { TABLE_NAME: s.tableName, MEDIA_BUCKET: s.mediaBucket });
  const { registerApiKey } = await import('../shared/auth/api-keys');
  await registerApiKey(s.apiKey, 'local');
  timings.mark('API key');
}

/** The in-process stand-ins: SQS (dead-letter queue), SNS (topic → ingest), EUM Social (statuses → topic). */
async function startStandins(s: LocalSettings, stops: Stops, log: Log): Promise<void> {
  const sqs = await startSqsStandin({ port: s.ports.sqs, host: s.host, accountId: LOCAL_ACCOUNT_ID, logger: () => {} });
  stops.push(() => sqs.close());
  sqs.createQueue(s.dlqName);
  const invoke = lambdaInvoker(local(s, s.ports.lambda));
  const sns = await startSnsStandin({ port: s.ports.sns, host: s.host, accountId: LOCAL_ACCOUNT_ID, logger: (l) => log(`[sns] ${l}`), invokeLambda: invoke });
  stops.push(() => sns.close());
  const topicArn = sns.createTopic(s.topicName);
  // Bounded like the gateway (gateway.ts): a burst of statuses must not cold-start a worker thread per event.
  sns.subscribe(topicArn, (event) => invoke(`${SERVICE}-${LOCAL_STAGE}-ingest`, event), { maxConcurrency: LOCAL_CONCURRENCY });
  const eum = await startEumStandin({
    port: s.ports.eum,
    host: s.host,
    sns: { endpoint: sns.url, topicArn },
    s3: { endpoint: local(s, s.ports.s3) },
    // How long a new template stays PENDING before the stand-in's verdict webhook.
    templateReviewDelayMs: Number(process.env.EUM_TEMPLATE_REVIEW_MS ?? 3000),
    logger: (l) => log(`[eum] ${l}`),
  });
  stops.push(() => eum.close());
  // Meta's Graph API (business profile, calling, groups; its webhooks go to the same topic) and the Secrets
  // Manager holding the per-WABA Graph tokens.
  const secrets = await startSecretsManagerStandin({ port: s.ports.secretsManager, host: s.host, accountId: LOCAL_ACCOUNT_ID });
  stops.push(() => secrets.close());
  // It shares the EUM stand-in's templates: Meta keeps one set, editable through either API.
  const graph = await startGraphStandin({
    port: s.ports.graph,
    host: s.host,
    sns: { endpoint: sns.url, topicArn },
    templates: { state: eum.templates, wabaId: DEMO_WABA.wabaId },
    logger: (l) => log(`[graph] ${l}`),
  });
  stops.push(() => graph.close());
  // The Flows data endpoint's private key and app secret, as an operator stores them on AWS.
  const flowKeys = await seedFlowEndpointSecret(secrets.url, `${SERVICE}/${LOCAL_STAGE}/flow-endpoint`, join(__dirname, '..', '.local', 'flow-endpoint'));
  log(`Flows endpoint public key in ${flowKeys.publicKeyPath}`);
  log(`stand-ins ready: SQS ${sqs.url}, SNS ${sns.url} (topic → ingest), EUM Social ${eum.url}, Graph API ${graph.url}, Secrets Manager ${secrets.url}`);
}

const describeBundles = (b: BundleResult) => (b.built ? `built ${b.entries}: ${b.reason}` : `${b.entries} unchanged`);

/**
 * Starts the whole local cloud: DynamoDB Local with the table from resources/table.yml and the API key, s3rver with
 * the media bucket, the SQS dead-letter queue, the SNS topic delivering to the ingest function as AWS would, the EUM
 * Social stand-in (whose status events go to that topic), the functions' bundles (local/bundles.ts: skipped when
 * nothing changed), serverless offline with every function, and the gateway in front of it. Everything starts at
 * once; the first request waits for all of it, as the authorizer needs the API key and the functions their bundles.
 */
export async function startLocalCloud(s: LocalSettings, log: Log, verbose = false): Promise<LocalCloud> {
  const timings = new StartTimings();
  const stops: Stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`stop failed: ${(err as Error).message}`));
  };
  try {
    // The queue URL is known before the queue exists: the stand-in names it from its address.
    const dlqUrl = `${local(s, s.ports.sqs)}/${LOCAL_ACCOUNT_ID}/${s.dlqName}`;
    const offlineHttpPort = await freePort();
    // The `serverless` CLI's own start is the longest single step: it goes first, the rest start meanwhile.
    // It serves HTTP on an internal port behind the gateway (gateway.ts).
    const offlinePorts = { httpPort: offlineHttpPort, lambdaPort: s.ports.lambda, host: s.host };
    const offline = startOffline(offlineEnv(s, dlqUrl), offlinePorts, verbose, log, (m, note) => timings.mark(m, note));
    stops.push(() => stopProcessGroup(offline));
    const gateway = await startGateway({ port: s.ports.http, host: s.host, upstream: local(s, offlineHttpPort), timeoutMs: 70_000, log, maxInFlight: LOCAL_CONCURRENCY });
    stops.push(() => gateway.close());
    await Promise.all([
      timings.time('bundles', ensureBundles(join(__dirname, '..')), describeBundles),
      startTable(s, dlqUrl, stops, log, timings),
      timings.time('s3rver', startS3Local({ port: s.ports.s3, directory: join(s.dataDir, 's3'), buckets: [s.mediaBucket], log })).then((s3) => stops.push(() => s3.stop())),
      timings.time('stand-ins', startStandins(s, stops, log)),
    ]);
    // Asked of offline directly: through the gateway, each "not listening yet" would be logged as a failure.
    await waitForHttp(local(s, offlineHttpPort), s.apiKey, offline, 180_000);
    timings.mark('first answer');
    const unwatch = watchBundles(join(__dirname, '..'), log);
    stops.push(async () => unwatch());
    return { baseUrl: gateway.url, topicArn: topicArnFor(s), timings: timings.line(), stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
