import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, inject } from 'vitest';
import { ensureTable } from '../../../local/table';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/ports';
import { resetConfigForTests } from '../../../shared/config';

/**
 * Each test file gets its own table (created from resources/table.yml) on the shared DynamoDB Local, and the
 * environment a deployed function would have, pointed at the local engines through AWS_ENDPOINT_URL_<SERVICE>.
 */
const tableName = `it-${randomUUID().slice(0, 8)}`;
Object.assign(process.env, {
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
  AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: inject('secretsManagerEndpoint'),
  // Each file's Graph tokens apart from the others' on the shared Secrets Manager stand-in.
  SECRET_NAME_PREFIX: `${tableName}/`,
  GRAPH_RETRY_BASE_MS: '1',
  TABLE_NAME: tableName,
  MEDIA_BUCKET: inject('mediaBucket'),
  INGEST_DLQ_URL: inject('dlqUrl'),
  S3_FORCE_PATH_STYLE: 'true',
  META_API_VERSION: 'v23.0',
  ACCOUNT_CACHE_SECONDS: '600',
  // The AWS clients' timeouts derive from this (shared/aws/timeouts.ts). A Lambda runs one event at a time; these
  // tests push up to 140 calls at once through one client to DynamoDB Local on 2 shared cores, where waiting for a
  // pooled socket alone can pass the 3.9 s a 29 s function allows. tests/integration/aws-timeouts.test.ts sets its own.
  FUNCTION_TIMEOUT_SECONDS: '120',
});
resetConfigForTests();

const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
await ensureTable(client, tableName);
afterAll(() => client.destroy());
