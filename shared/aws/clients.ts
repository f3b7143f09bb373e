import type { S3Client } from '@aws-sdk/client-s3';
import type { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import { getConfig } from '../config';
import { DEFAULT_MAX_ATTEMPTS, httpTimeouts, longJobHttpTimeouts, type HttpTimeouts } from './timeouts';

/**
 * Each SDK package is loaded when first needed, not at import: an inbound text event needs only DynamoDB, and loading
 * S3, SQS and EUM Social at import cost about 60 ms of every cold start. `require` (not `await import`) keeps these
 * getters synchronous; esbuild leaves it as a plain require of the external package, and Node caches the module.
 */
export const eumSdk = (): typeof import('@aws-sdk/client-socialmessaging') => require('@aws-sdk/client-socialmessaging');
export const s3Sdk = (): typeof import('@aws-sdk/client-s3') => require('@aws-sdk/client-s3');
export const sqsSdk = (): typeof import('@aws-sdk/client-sqs') => require('@aws-sdk/client-sqs');
const secretsSdk = (): typeof import('@aws-sdk/client-secrets-manager') => require('@aws-sdk/client-secrets-manager');
const snsSdk = (): typeof import('@aws-sdk/client-sns') => require('@aws-sdk/client-sns');
const lambdaSdk = (): typeof import('@aws-sdk/client-lambda') => require('@aws-sdk/client-lambda');

/**
 * One client per process, created on first use and reused by every invocation.
 * Endpoints come from AWS_ENDPOINT_URL_<SERVICE> (read by the SDK); nothing here knows about local runs.
 * The DynamoDB client lives with the repositories that use it (shared/table/client.ts).
 */
/**
 * What every AWS client of this process is built with: its attempts, and HTTP timeouts well under what one
 * invocation may spend (FUNCTION_TIMEOUT_SECONDS: the Lambda timeout, capped at API Gateway's 29 s behind it;
 * shared/aws/timeouts.ts), so a hanging endpoint ends in a TimeoutError the function answers with. A client
 * configured apart (another retry policy) starts from this too: `{ ...awsClientConfig(1), ...its own }`.
 */
export function awsClientConfig(maxAttempts = DEFAULT_MAX_ATTEMPTS): { maxAttempts: number; requestHandler: HttpTimeouts } {
  return { maxAttempts, requestHandler: httpTimeouts(getConfig().FUNCTION_TIMEOUT_SECONDS, maxAttempts) };
}

let s3: S3Client | undefined;
let s3Presign: S3Client | undefined;
let social: SocialMessagingClient | undefined;
let socialForJobs: SocialMessagingClient | undefined;
let sqs: SQSClient | undefined;
let secrets: SecretsManagerClient | undefined;
let sns: SNSClient | undefined;
let lambda: LambdaClient | undefined;

export function s3Client(): S3Client {
  s3 ??= new (s3Sdk().S3Client)({ ...awsClientConfig(), forcePathStyle: getConfig().S3_FORCE_PATH_STYLE });
  return s3;
}

/**
 * For presigned URLs only. With the SDK's default flexible checksums a presigned PUT carries the CRC32 of an empty
 * body (x-amz-checksum-crc32=AAAAAA==), so S3 would reject every real upload to it.
 */
export function s3PresignClient(): S3Client {
  s3Presign ??= new (s3Sdk().S3Client)({
    ...awsClientConfig(),
    forcePathStyle: getConfig().S3_FORCE_PATH_STYLE,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3Presign;
}

/** Standard retry mode, 3 attempts: throttling and 5xx faults are retried with backoff by the SDK. */
export function socialMessaging(): SocialMessagingClient {
  social ??= new (eumSdk().SocialMessagingClient)({ ...awsClientConfig(3), retryMode: 'standard' });
  return social;
}

/**
 * For the media function's background upload jobs only (an async invocation: no API Gateway waits for it). One
 * attempt with the long timeouts of shared/aws/timeouts.ts longJobHttpTimeouts (Lambda retries a failed job);
 * every request-serving call keeps socialMessaging() and its API-sized budget.
 */
export function socialMessagingForJobs(): SocialMessagingClient {
  socialForJobs ??= new (eumSdk().SocialMessagingClient)({ maxAttempts: 1, requestHandler: longJobHttpTimeouts() });
  return socialForJobs;
}

export function sqsClient(): SQSClient {
  sqs ??= new (sqsSdk().SQSClient)(awsClientConfig());
  return sqs;
}

export function secretsManager(): SecretsManagerClient {
  secrets ??= new (secretsSdk().SecretsManagerClient)({ ...awsClientConfig(3), retryMode: 'standard' });
  return secrets;
}

export function snsClient(): SNSClient {
  sns ??= new (snsSdk().SNSClient)(awsClientConfig());
  return sns;
}

/**
 * The one-URL entry (POST /) forwards to category functions with it. One attempt: a forwarded action that timed out
 * may have run (a send), so it is never invoked a second time; the whole attempt may use the function's time.
 */
export function lambdaClient(): LambdaClient {
  lambda ??= new (lambdaSdk().LambdaClient)(awsClientConfig(1));
  return lambda;
}
