import { startEumStandin, type EumStandinOptions } from './server';

/**
 * CLI entry: `npx tsx local/standins/eum/main.ts`. Configured from the environment so the local cloud can spawn it:
 *   EUM_PORT (default 4010), EUM_HOST (default 127.0.0.1), EUM_STATUS_DELAY_MS (default 50),
 *   EUM_TEMPLATE_REVIEW_MS (default 3000: how long a created template stays PENDING),
 *   LOCAL_SNS_ENDPOINT + INBOUND_TOPIC_ARN (where status envelopes are published; both or neither),
 *   AWS_ENDPOINT_URL_S3 (the S3 server holding media), AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 *   (credentials for those servers; local/local when unset).
 * Prints `eum-standin listening on http://127.0.0.1:<port>` once it accepts requests.
 */

function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${text}'`);
  return value;
}

function optionsFromEnv(env: NodeJS.ProcessEnv): EumStandinOptions {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  // The local cloud may pin credentials its servers accept (s3rver only knows S3RVER); otherwise local/local.
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const options: EumStandinOptions = {
    port: numberFromEnv('EUM_PORT', 4010),
    host: env.EUM_HOST ?? '127.0.0.1',
    statusDelayMs: numberFromEnv('EUM_STATUS_DELAY_MS', 50),
    templateReviewDelayMs: numberFromEnv('EUM_TEMPLATE_REVIEW_MS', 3000),
    logger: (line) => console.log(`[eum-standin] ${line}`),
  };
  const snsEndpoint = env.LOCAL_SNS_ENDPOINT;
  const topicArn = env.INBOUND_TOPIC_ARN;
  if (Boolean(snsEndpoint) !== Boolean(topicArn)) {
    throw new Error('Set both LOCAL_SNS_ENDPOINT and INBOUND_TOPIC_ARN, or neither');
  }
  if (snsEndpoint && topicArn) options.sns = { endpoint: snsEndpoint, topicArn, region, credentials };
  if (env.AWS_ENDPOINT_URL_S3) options.s3 = { endpoint: env.AWS_ENDPOINT_URL_S3, region, forcePathStyle: true, credentials };
  return options;
}

async function main(): Promise<void> {
  const options = optionsFromEnv(process.env);
  const standin = await startEumStandin(options);
  if (!options.sns) console.log('[eum-standin] no SNS configured: status envelopes are only recorded (GET /_standin/published)');
  if (!options.s3) console.log('[eum-standin] no S3 configured: media upload/download to S3 will fail');
  console.log(`eum-standin listening on ${standin.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[eum-standin] ${signal}: shutting down`);
    standin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[eum-standin] close failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('[eum-standin] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
