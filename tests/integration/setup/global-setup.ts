import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../../local/free-port';
import { startDynamoDbLocal } from '../../../local/engines/dynamodb-local';
import { startS3Local } from '../../../local/engines/s3rver';
import { startSecretsManagerStandin } from '../../../local/standins/secretsmanager/server';
import { startSqsStandin } from '../../../local/standins/sqs/server';

export const MEDIA_BUCKET = 'media-integration';

/** The real engines every integration test file shares: DynamoDB Local, s3rver, the SQS and Secrets Manager stand-ins. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'wa-integration-'));
  const quiet = () => {};
  const [dynamo, s3, sqs, secrets] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    startS3Local({ port: 0, directory: join(dir, 's3'), buckets: [MEDIA_BUCKET] }),
    startSqsStandin({ port: 0, logger: quiet }),
    startSecretsManagerStandin({ port: 0 }),
  ]);
  const dlqUrl = sqs.createQueue('ingest-dlq');
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('sqsEndpoint', sqs.url);
  project.provide('dlqUrl', dlqUrl);
  project.provide('mediaBucket', MEDIA_BUCKET);
  project.provide('secretsManagerEndpoint', secrets.url);
  return async () => {
    await Promise.allSettled([dynamo.stop(), s3.stop(), sqs.close(), secrets.close()]);
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    sqsEndpoint: string;
    dlqUrl: string;
    mediaBucket: string;
    secretsManagerEndpoint: string;
  }
}
