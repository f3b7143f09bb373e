import type { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { epochSecondsIn } from '../time';
import { dynamo } from './client';
import { conditionalWrite } from './conditional';
import { IDEMPOTENCY_PREFIX } from './keys';
import type { SendProof } from './send-attempts';

/**
 * Idempotency records of sends (`IDEMPOTENCY#<hash>`), kept by Powertools for AWS Lambda idempotency on our single
 * table: the first call claims the key with a conditional PutItem (INPROGRESS), its result is written on success,
 * and later calls with the same key read that result instead of running again. Records expire through the table's
 * TTL attribute. Which outcomes are kept and how its errors answer is the caller's (shared/http/send-once.ts).
 *
 * A send whose outcome is unknown is kept too, as a result that says so (StoredSend.unknown). A later retry takes
 * such a record over (reclaimUnknown: back to INPROGRESS, as Powertools' own claim) and writes what it found out
 * (finishReclaimed), or frees the key when nothing was sent (releaseReclaimed). The proof that a status brought
 * lives on the same record (shared/table/send-attempts.ts).
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

/** A send whose outcome nobody knows: EUM failed ambiguously after the request left (shared/http/send-once.ts). */
export interface UnknownOutcome {
  /** The key's record (`IDEMPOTENCY#<hash>`): where a status's proof lands. */
  record: string;
  /** Which attempt under this key (a retry after the wait sends attempt 2, with a token of its own). */
  attempt: number;
  /** When the attempt was made (epoch ms): a retry waits for a status until SEND_PROOF_WINDOW_MS after it. */
  at: number;
  /** Whether the message carried our token, so that a status could prove it (a read receipt cannot). */
  provable: boolean;
  /** The proof, once a status brought it, copied here when storing the message failed (the next retry tries again). */
  proof?: SendProof;
}

/** What is kept for a key: the answer (JSON text, replayed byte for byte), and whether the send's outcome is unknown. */
export interface StoredSend extends Record<string, unknown> {
  answer: string;
  unknown?: UnknownOutcome;
}

/** Powertools' attribute names on the record (persistenceLayer below). */
const STATUS = 'idempotencyStatus';
const RESULT = 'response';

type Powertools = typeof import('./idempotency-powertools');
let powertools: Powertools | undefined;

/**
 * Powertools idempotency (and the JMESPath engine it brings) is loaded on the first send that carries a key: a send
 * without one, and every cold start that sends nothing, skips about 2 ms of module initialisation. esbuild keeps it
 * in the function's bundle; only its top level runs later.
 */
async function loadPowertools(): Promise<Powertools> {
  powertools ??= await import('./idempotency-powertools');
  return powertools;
}

let persistence: DynamoDBPersistenceLayer | undefined;

/** One persistence layer per process, on the table's document client (raw commands pass through it unchanged). */
function persistenceLayer(): DynamoDBPersistenceLayer {
  if (!powertools) throw new Error('idempotency: runOnce loads Powertools before its records are named');
  persistence ??= new powertools.DynamoDBPersistenceLayer({
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
  const { IdempotencyConfig, makeIdempotent } = await loadPowertools();
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

/**
 * The key of the record Powertools keeps for a call (`IDEMPOTENCY#<hash>`), computed as Powertools computes it.
 * Only inside runOnce's `fn` (Powertools is loaded and configured by then).
 */
export function recordKeyOf(call: IdempotentCall): string {
  // Protected in its types, public at runtime; configured by the runOnce that is under way.
  return (persistenceLayer() as unknown as { getHashedIdempotencyKey(data: unknown): string }).getHashedIdempotencyKey(call);
}

/**
 * Takes over a record that keeps the unknown outcome `seen`: it becomes INPROGRESS again until `remainingMs` from
 * now, so concurrent retries get "in progress" from runOnce. False when the record no longer keeps `seen` (another
 * retry took it over first) or, with `unproven`, when a status's proof landed meanwhile.
 */
export async function reclaimUnknown(seen: UnknownOutcome, remainingMs: number, unproven: boolean): Promise<boolean> {
  const conditions = ['#status = :completed', '#result.#unknown.#at = :at', '#result.#unknown.attempt = :attempt'];
  if (unproven) conditions.push('attribute_not_exists(sendProof)');
  return conditionalWrite(() =>
    dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
        Key: { pk: seen.record },
        UpdateExpression: 'SET #status = :inProgress, inProgressUntilMs = :until',
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#status': STATUS, '#result': RESULT, '#unknown': 'unknown', '#at': 'at' },
        ExpressionAttributeValues: { ':completed': 'COMPLETED', ':inProgress': 'INPROGRESS', ':until': Date.now() + remainingMs, ':at': seen.at, ':attempt': seen.attempt },
      }),
    ),
  );
}

/** Keeps what a reclaimed run found out, for IDEMPOTENCY_TTL_SECONDS from now, as Powertools keeps a result. */
export async function finishReclaimed(record: string, result: StoredSend): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: getConfig().TABLE_NAME,
      Key: { pk: record },
      UpdateExpression: 'SET #status = :completed, #result = :result, #ttl = :ttl',
      ExpressionAttributeNames: { '#status': STATUS, '#result': RESULT, '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED', ':result': result, ':ttl': epochSecondsIn(IDEMPOTENCY_TTL_SECONDS) },
    }),
  );
}

/** Frees the key after a reclaimed run that sent nothing, as Powertools frees it after a failed first run. */
export async function releaseReclaimed(record: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: getConfig().TABLE_NAME, Key: { pk: record } }));
}
