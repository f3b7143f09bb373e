import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { startS3Local } from '../local/engines/s3rver';
import { freePort } from '../local/free-port';
import { seedFlowEndpointSecret } from '../local/flow-endpoint-keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/ports';
import { DEMO_WABA } from '../local/standins/eum/demo-account';
import { startEumStandin } from '../local/standins/eum/server';
import { startGraphStandin } from '../local/standins/graph/server';
import { DEMO_GRAPH_TOKEN } from '../local/standins/graph/state';
import { startSecretsManagerStandin } from '../local/standins/secretsmanager/server';
import { startSqsStandin } from '../local/standins/sqs/server';
import { ensureTable } from '../local/table';

const TABLE = 'bench-cold';
const BUCKET = 'bench-cold-media';
const SECRET_PREFIX = 'bench/';

export interface ColdStartServices {
  /** What a cold-started function (and its floor) gets: the deployed settings, endpoints of the local engines. */
  env: NodeJS.ProcessEnv;
  /** A Bearer key the authorizer accepts. */
  apiKey: string;
  stop(): Promise<void>;
}

/**
 * The engines and stand-ins the bench's events reach, on free ports: DynamoDB Local, s3rver, EUM Social, Graph,
 * Secrets Manager and SQS. Seeded as an operator would: the table, the dead-letter queue, the Flows endpoint's keys,
 * the demo WABA's Graph token and one API key. Nothing reaches AWS.
 */
export async function startColdStartServices(baseEnv: NodeJS.ProcessEnv): Promise<ColdStartServices> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
  const quiet = () => {};
  const [dynamo, s3, sqs, secrets, graph] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    startS3Local({ port: 0, directory: path.join(dir, 's3'), buckets: [BUCKET] }),
    startSqsStandin({ port: 0, logger: quiet }),
    startSecretsManagerStandin({ port: 0 }),
    startGraphStandin({ port: 0, publish: async () => {}, logger: quiet }),
  ]);
  const eum = await startEumStandin({
    port: 0,
    statusDelayMs: 1,
    publish: async () => {},
    s3: { endpoint: s3.endpoint, forcePathStyle: true },
    logger: quiet,
  });
  const stop = async () => {
    await Promise.allSettled([dynamo.stop(), s3.stop(), sqs.close(), secrets.close(), graph.close(), eum.close()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureTable(ddb, TABLE);
    ddb.destroy();
    await seedFlowEndpointSecret(secrets.url, `${SECRET_PREFIX}flow-endpoint`, path.join(dir, 'flow-endpoint'));
    const sm = new SecretsManagerClient({ endpoint: secrets.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await sm.send(new CreateSecretCommand({ Name: `${SECRET_PREFIX}graph-token/${DEMO_WABA.wabaId}`, SecretString: JSON.stringify({ accessToken: DEMO_GRAPH_TOKEN }) }));
    sm.destroy();
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_SOCIALMESSAGING: eum.url,
      GRAPH_BASE_URL: graph.url,
      TABLE_NAME: TABLE,
      MEDIA_BUCKET: BUCKET,
      S3_FORCE_PATH_STYLE: 'true',
      SECRET_NAME_PREFIX: SECRET_PREFIX,
      INGEST_DLQ_URL: sqs.createQueue('bench-dlq'),
      // The bench's customers never wrote first: let Meta (the stand-in) decide, as a deployment may.
      ENFORCE_CUSTOMER_SERVICE_WINDOW: 'false',
      // The accounts cache stays fresh for the whole bench: every run reads it as the recorded run did.
      ACCOUNT_CACHE_SECONDS: '86400',
    };
    const apiKey = await createBenchApiKey(env);
    return { env, apiKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One API key, stored as `npm run api-key` stores it (in this process, with the child's settings). */
async function createBenchApiKey(env: NodeJS.ProcessEnv): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { resetConfigForTests } = await import('../shared/config');
    resetConfigForTests();
    const { createApiKey } = await import('../shared/auth/api-keys');
    return (await createApiKey('bench')).apiKey;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
