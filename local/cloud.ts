import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEumStandin } from './standins/eum/server';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { startDynamoDbLocal } from './engines/dynamodb-local';
import { startS3Local } from './engines/s3rver';
import { LOCAL_ACCOUNT_ID, LOCAL_STAGE, SERVICE, type LocalSettings } from './settings';
import { lambdaInvoker, startSnsStandin } from './standins/sns/server';
import { startSqsStandin } from './standins/sqs/server';
import { ensureTable } from './table';

export interface LocalCloud {
  baseUrl: string;
  topicArn: string;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/** The environment a deployed function would have, pointed at the local services by AWS_ENDPOINT_URL_<SERVICE>. */
function functionEnv(s: LocalSettings, dlqUrl: string): NodeJS.ProcessEnv {
  const local = (port: number) => `http://${s.host}:${port}`;
  return {
    ...process.env,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: local(s.ports.dynamodb),
    AWS_ENDPOINT_URL_S3: local(s.ports.s3),
    AWS_ENDPOINT_URL_SQS: local(s.ports.sqs),
    AWS_ENDPOINT_URL_SOCIALMESSAGING: local(s.ports.eum),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    WA_TABLE_NAME: s.tableName,
    WA_MEDIA_BUCKET: s.mediaBucket,
    INGEST_DLQ_URL: dlqUrl,
    S3_FORCE_PATH_STYLE: 'true',
    HTTP_PORT: String(s.ports.http),
    LAMBDA_PORT: String(s.ports.lambda),
    HTTP_HOST: s.host,
  };
}

/** Runs `serverless offline` in its own process group, so stopping it also stops its workers. */
function startOffline(env: NodeJS.ProcessEnv, log: Log): ChildProcess {
  const bin = join(__dirname, '..', 'node_modules', 'serverless', 'bin', 'serverless.js');
  const child = spawn(process.execPath, [bin, 'offline', 'start', '--stage', LOCAL_STAGE], {
    cwd: join(__dirname, '..'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (d: Buffer) =>
    d
      .toString()
      .split('\n')
      .filter((l) => l.trim())
      .forEach((l) => log(`[offline] ${l}`));
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  return child;
}

async function waitForHttp(baseUrl: string, apiKey: string, offline: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  offline.once('exit', (code, signal) => (exit = `${code ?? signal}`));
  for (;;) {
    if (exit !== undefined) throw new Error(`serverless offline exited (${exit}) before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/config/ping`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: '{}' });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`serverless offline did not answer ${baseUrl}/config/ping within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/**
 * Starts the whole local cloud: DynamoDB Local with the table from resources/table.yml, s3rver with the media
 * bucket, the SQS dead-letter queue, the SNS topic delivering to the ingest function as AWS would, the EUM Social
 * stand-in (whose status events go to that topic), an API key, and serverless offline with every function.
 */
export async function startLocalCloud(s: LocalSettings, log: Log): Promise<LocalCloud> {
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`stop failed: ${(err as Error).message}`));
  };
  try {
    const dynamo = await startDynamoDbLocal({ port: s.ports.dynamodb, log });
    stops.push(() => dynamo.stop());
    const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    log(`table ${s.tableName}: ${await ensureTable(ddb, s.tableName)}`);
    ddb.destroy();

    const s3 = await startS3Local({ port: s.ports.s3, directory: join(s.dataDir, 's3'), buckets: [s.mediaBucket], log });
    stops.push(() => s3.stop());

    const quiet = () => {};
    const sqs = await startSqsStandin({ port: s.ports.sqs, host: s.host, accountId: LOCAL_ACCOUNT_ID, logger: quiet });
    stops.push(() => sqs.close());
    const dlqUrl = sqs.createQueue(s.dlqName);
    log(`SQS dead-letter queue ready: ${dlqUrl}`);

    const sns = await startSnsStandin({
      port: s.ports.sns,
      host: s.host,
      accountId: LOCAL_ACCOUNT_ID,
      logger: (l) => log(`[sns] ${l}`),
      invokeLambda: lambdaInvoker(`http://${s.host}:${s.ports.lambda}`),
    });
    stops.push(() => sns.close());
    const topicArn = sns.createTopic(s.topicName);
    const invoke = lambdaInvoker(`http://${s.host}:${s.ports.lambda}`);
    sns.subscribe(topicArn, (event) => invoke(`${SERVICE}-${LOCAL_STAGE}-ingest`, event));
    log(`SNS topic ${topicArn} → ingest`);

    const eum = await startEumStandin({
      port: s.ports.eum,
      host: s.host,
      sns: { endpoint: sns.url, topicArn },
      s3: { endpoint: s3.endpoint },
      // How long a new template stays PENDING before the stand-in's verdict webhook.
      templateReviewDelayMs: Number(process.env.EUM_TEMPLATE_REVIEW_MS ?? 3000),
      logger: (l) => log(`[eum] ${l}`),
    });
    stops.push(() => eum.close());
    log(`EUM Social stand-in ready on ${eum.url}`);

    const env = functionEnv(s, dlqUrl);
    // The API key goes into the table before any request: same code path as `npm run api-key`.
    const keyScript = join(__dirname, 'api-key.ts');
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', keyScript, 'register', s.apiKey, '--name', 'local'], {
        env: { ...env, TABLE_NAME: s.tableName, MEDIA_BUCKET: s.mediaBucket },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`registering the API key failed (${code})`))));
    });

    const offline = startOffline(env, (l) => log(l));
    stops.push(() => stopProcessGroup(offline));
    const baseUrl = `http://${s.host}:${s.ports.http}`;
    await waitForHttp(baseUrl, s.apiKey, offline, 180_000);
    return { baseUrl, topicArn, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
