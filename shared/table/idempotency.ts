import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { getConfig } from '../config';
import { dynamo } from './client';
import { IDEMPOTENCY_PREFIX } from './keys';

/**
 * Idempotency records of sends (`IDEMPOTENCY#<hash>`), kept by Powertools for AWS Lambda idempotency on our single
 * table: the first call claims the key with a conditional PutItem (INPROGRESS), its result is written on success,
 * and later calls with the same key read that result instead of running again. Records expire through the table's
 * TTL attribute. Which outcomes are kept and how its errors answer is the caller's (shared/http/send-once.ts).
 */

/** How long a send's result is replayed for the same key. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** What one claim is made of: who asks (so two API keys never share a key), their key, and the request it guards. */
export interface IdempotentCall {
  /** The caller's scope: the authorizer's API key id, or `direct` for a direct invocation. */
  scope: string;
  key: string;
  /** Hashed and compared: the same key with another request is refused (IdempotencyValidationError). */
  request: unknown;
}

let persistence: DynamoDBPersistenceLayer | undefined;

/** One persistence layer per process, on the table's document client (raw commands pass through it unchanged). */
function persistenceLayer(): DynamoDBPersistenceLayer {
  persistence ??= new DynamoDBPersistenceLayer({
    tableName: getConfig().TABLE_NAME,
    awsSdkV3Client: dynamo() as never,
    keyAttr: 'pk',
    expiryAttr: 'ttl',
    inProgressExpiryAttr: 'inProgressUntilMs',
    statusAttr: 'idempotencyStatus',
    dataAttr: 'response',
    validationKeyAttr: 'requestHash',
  });
  return persistence;
}

/**
 * Runs `fn` once per (scope, key): a repeated call returns the first call's stored result; a call while the first
 * is still running throws IdempotencyAlreadyInProgressError; another request under the same key throws
 * IdempotencyValidationError. When `fn` throws, the claim is released (the record deleted) and the error passes on.
 * `remainingMs` bounds the in-progress claim: a run that died (timeout, crash) frees its key after that long.
 */
export async function runOnce<T extends Record<string, unknown>>(call: IdempotentCall, remainingMs: number, fn: () => Promise<T>): Promise<T> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[scope, key]',
    payloadValidationJmesPath: 'request',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    hashFunction: 'sha256',
    lambdaContext: { getRemainingTimeInMillis: () => remainingMs } as never,
  });
  const once = makeIdempotent(async (_call: IdempotentCall) => fn(), {
    persistenceStore: persistenceLayer(),
    config,
    keyPrefix: IDEMPOTENCY_PREFIX,
  });
  return (await once(call)) as T;
}
