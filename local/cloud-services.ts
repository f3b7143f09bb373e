import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { seedFlowEndpointSecret } from './flow-endpoint-keys';
import { awsEnv, LOCAL_CONCURRENCY, localUrl } from './aws-env';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { LOCAL_ACCOUNT_ID, LOCAL_STAGE, SERVICE, type LocalSettings } from './settings';
import { DEMO_WABA } from './standins/eum/demo-account';
import { startEumStandin } from './standins/eum/server';
import { groupDirectory } from './standins/graph/groups';
import { startGraphStandin } from './standins/graph/server';
import { startSecretsManagerStandin } from './standins/secretsmanager/server';
import { lambdaInvoker, startSnsStandin } from './standins/sns/server';
import { startSqsStandin } from './standins/sqs/server';
import type { StartTimings } from './start-timings';
import { ensureTable } from './table';

/**
 * The parts of the local cloud that run inside `npm start`'s own process: the stand-ins, the table and the API key
 * in DynamoDB Local. local/cloud.ts loads this module only after it spawned DynamoDB Local's JVM and the
 * `serverless` CLI, so that loading it (the AWS SDK clients, the stand-ins) overlaps their start.
 */

type Log = (line: string) => void;
export type Stops = Array<() => Promise<unknown>>;

/**
 * The table from resources/table.yml in DynamoDB Local, and the API key in it (as `npm run api-key -- register`).
 * The code that registers the key is loaded while the JVM still starts.
 */
export async function prepareTable(s: LocalSettings, dynamoReady: Promise<{ endpoint: string }>, dlqUrl: string, log: Log, timings: StartTimings): Promise<void> {
  // In this process rather than a spawned `npm run api-key` (a second tsx start costs seconds): the shared code
  // reads its settings from process.env when first used, so they are set before it is loaded.
  Object.assign(process.env, awsEnv(s, dlqUrl), { TABLE_NAME: s.tableName, MEDIA_BUCKET: s.mediaBucket });
  const apiKeys = import('../shared/auth/api-keys');
  const { endpoint } = await timings.time('DynamoDB Local', dynamoReady);
  const ddb = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  log(`table ${s.tableName}: ${await timings.time('table', ensureTable(ddb, s.tableName), (state) => state)}`);
  ddb.destroy();
  await (await apiKeys).registerApiKey(s.apiKey, 'local');
  timings.mark('API key');
}

/** The in-process stand-ins: SQS (dead-letter queue), SNS (topic → ingest), EUM Social (statuses → topic), Graph. */
export async function startStandins(s: LocalSettings, stops: Stops, log: Log): Promise<void> {
  const sqs = await startSqsStandin({ port: s.ports.sqs, host: s.host, accountId: LOCAL_ACCOUNT_ID, logger: () => {} });
  stops.push(() => sqs.close());
  sqs.createQueue(s.dlqName);
  const invoke = lambdaInvoker(localUrl(s, s.ports.lambda));
  const sns = await startSnsStandin({ port: s.ports.sns, host: s.host, accountId: LOCAL_ACCOUNT_ID, logger: (l) => log(`[sns] ${l}`), invokeLambda: invoke });
  stops.push(() => sns.close());
  const topicArn = sns.createTopic(s.topicName);
  // Bounded like the gateway (gateway.ts): a burst of statuses must not cold-start a worker thread per event.
  sns.subscribe(topicArn, (event) => invoke(`${SERVICE}-${LOCAL_STAGE}-ingest`, event), { maxConcurrency: LOCAL_CONCURRENCY });
  const eum = await startEumStandin({
    port: s.ports.eum,
    host: s.host,
    sns: { endpoint: sns.url, topicArn },
    s3: { endpoint: localUrl(s, s.ports.s3) },
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
  // Group sends reach the participants the Graph stand-in's groups have, as Meta's do.
  eum.useGroups(groupDirectory(graph.state));
  // The Flows data endpoint's private key and app secret, as an operator stores them on AWS.
  const flowKeys = await seedFlowEndpointSecret(secrets.url, `${SERVICE}/${LOCAL_STAGE}/flow-endpoint`, join(__dirname, '..', '.local', 'flow-endpoint'));
  log(`Flows endpoint public key in ${flowKeys.publicKeyPath}`);
  log(`stand-ins ready: SQS ${sqs.url}, SNS ${sns.url} (topic → ingest), EUM Social ${eum.url}, Graph API ${graph.url}, Secrets Manager ${secrets.url}`);
}
