import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { AppError, ConflictError } from '../errors';
import { SendOutcomeUnknownError } from '../eum/send';
import { logger } from '../observability/powertools';
import { IDEMPOTENCY_TTL_SECONDS, runOnce } from '../table/idempotency';
import { isHttpEvent, type CategoryEvent } from './events';
import { IDEMPOTENCY_KEY_FIELD } from './idempotency-key';
import { errorResponse, type ResponseObject } from './respond';

/**
 * No message is sent twice: every sending action takes an idempotency key (the `idempotencyKey` body field or the
 * `Idempotency-Key` header). The first call claims it (Powertools idempotency, shared/table/idempotency.ts); a
 * repeat gets the first answer, status and body; a repeat while the first still runs gets a 409. Kept are the
 * answers that mean WhatsApp has the message (a success, or "sent but not stored"). Everything that means it was
 * not sent (bad input, a closed window, EUM refusing) releases the key, so the corrected request can use it again;
 * so does a send whose outcome is unknown, which answers with the key to retry with.
 */

/** A claim outlives the run that made it by this much when Lambda cannot say how long the run may take. */
const DEFAULT_CLAIM_MS = 30_000;

/** The authorizer's API key id scopes keys: two clients choosing the same key never see each other's answers. */
function scopeOf(event: CategoryEvent): string {
  if (!isHttpEvent(event)) return 'direct';
  const keyId = (event.requestContext as { authorizer?: { lambda?: { keyId?: unknown } } }).authorizer?.lambda?.keyId;
  return typeof keyId === 'string' ? `key:${keyId}` : 'http';
}

/** A failure after which WhatsApp has the message: its answer is kept, so a retry cannot send again. */
const meansSent = (err: unknown): err is AppError => err instanceof AppError && err.details.sent === true;

export interface SendOnce {
  event: CategoryEvent;
  context: Context | undefined;
  key: string | undefined;
  /** What the key guards: the action and its parsed input (the same key with another request is refused). */
  request: { action: string; input: unknown };
  run: () => Promise<ResponseObject>;
}

/** Runs a sending action at most once per idempotency key; without a key it just runs (and names a key on doubt). */
export async function sendOnce(s: SendOnce): Promise<ResponseObject> {
  if (s.key === undefined) {
    try {
      return await s.run();
    } catch (err) {
      if (err instanceof SendOutcomeUnknownError) throw err.withRetryKey(randomUUID(), true);
      throw err;
    }
  }
  const correlationId = s.context?.awsRequestId || randomUUID();
  const remainingMs = s.context?.getRemainingTimeInMillis?.() ?? DEFAULT_CLAIM_MS;
  // What the run itself produced, for when Powertools fails to record it (the send happened either way).
  let answer: ResponseObject | undefined;
  let thrown: unknown;
  let sentButFailed: AppError | undefined;
  try {
    // Stored as JSON text, so a repeat answers byte for byte what the first call answered (a map would reorder keys).
    const kept = await runOnce({ scope: scopeOf(s.event), key: s.key, request: s.request }, remainingMs, async () => {
      try {
        answer = JSON.parse(JSON.stringify(await s.run())) as ResponseObject;
      } catch (err) {
        if (!meansSent(err)) throw (thrown = err);
        // Kept as the key's answer; thrown again below so this call logs it as the failure it is.
        sentButFailed = err;
        answer = errorResponse(err, correlationId);
      }
      return { answer: JSON.stringify(answer) };
    });
    if (sentButFailed) throw sentButFailed;
    return JSON.parse(kept.answer) as ResponseObject;
  } catch (err) {
    if ((err as Error)?.name !== 'IdempotencyPersistenceLayerError' || (answer === undefined && thrown === undefined)) throw translate(err, s.key);
    // The claim was made but its result (or its release) could not be written: answer what the run did. The key
    // stays claimed until its in-progress time runs out (retries meanwhile get a 409).
    logger.error('idempotency record could not be updated after the run', { error: err as Error });
    if (sentButFailed) throw sentButFailed;
    if (answer) return answer;
    throw translate(thrown, s.key);
  }
}

/** Powertools' errors (by name: its package stays out of this module) in the caller's terms. */
function translate(err: unknown, key: string): unknown {
  if (err instanceof SendOutcomeUnknownError) return err.withRetryKey(key, false);
  const name = (err as Error)?.name;
  if (name === 'IdempotencyAlreadyInProgressError') {
    return new ConflictError(
      'A request with this idempotencyKey is still running. Retry in a few seconds with the same key to get its answer.',
      { idempotencyKey: key, retryable: true, reason: 'idempotency_key_in_progress' },
    );
  }
  if (name === 'IdempotencyValidationError') {
    return new AppError(
      `This idempotencyKey was used in the last ${IDEMPOTENCY_TTL_SECONDS / 3600} h for a different request (another action or other fields). Use a new key for a new message.`,
      422,
      { fields: [{ field: IDEMPOTENCY_KEY_FIELD, reason: 'already used for a different request' }], idempotencyKey: key, reason: 'idempotency_key_reused' },
    );
  }
  return err;
}
