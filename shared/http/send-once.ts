import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { AppError, ConflictError } from '../errors';
import { SendOutcomeUnknownError, withSendAttempt, type SendAttempt } from '../eum/send';
import { logger } from '../observability/powertools';
import {
  IDEMPOTENCY_TTL_SECONDS,
  finishReclaimed,
  reclaimUnknown,
  recordKeyOf,
  releaseReclaimed,
  runOnce,
  type IdempotentCall,
  type StoredSend,
  type UnknownOutcome,
} from '../table/idempotency';
import { readSendProof, sendToken, type SendProof } from '../table/send-attempts';
import { isHttpEvent, type CategoryEvent } from './events';
import { IDEMPOTENCY_KEY_FIELD } from './idempotency-key';
import { errorResponse, type ResponseObject } from './respond';

/**
 * No message is sent twice: every sending action takes an idempotency key (the `idempotencyKey` body field or the
 * `Idempotency-Key` header). The first call claims it (Powertools idempotency, shared/table/idempotency.ts); a
 * repeat gets the first answer, status and body; a repeat while the first still runs gets a 409. Kept are the
 * answers that mean WhatsApp has the message (a success, or "sent but not stored"). Everything that means it was
 * not sent (bad input, a closed window, EUM refusing) releases the key, so the corrected request can use it again.
 *
 * A send whose outcome is unknown (EUM failed after the request left) keeps its key in an "unknown" state. Its
 * message carried a token in biz_opaque_callback_data, which Meta echoes in every status of it; ingest records such
 * a status on the key's record (shared/table/send-attempts.ts). A retry with the key then answers the first send's
 * success without sending, once a status proved it; waits (409, `retryAfter`) while none came, for
 * SEND_PROOF_WINDOW_MS after the attempt; and after that sends again, taking the send as not made (README,
 * "Idempotency keys", says what that leaves open).
 */

/**
 * How long a retry waits for a status to prove an ambiguous send went out before sending again. Meta's `sent`
 * status comes within seconds; a failed ingest run is retried by Lambda after about 1 and 3 minutes.
 */
export const SEND_PROOF_WINDOW_MS = 5 * 60_000;
/** The longest `retryAfter` suggested while waiting: a status usually comes long before the window ends. */
const MAX_RETRY_AFTER_SECONDS = 15;

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

/** One run under a claimed key: attempt n of the send, or the answer of a send a status proved (`proof`). */
interface Plan {
  attempt: number;
  proof?: SendProof;
  /** What the key kept before this run (an unknown outcome), kept again if answering from the proof fails. */
  previous?: StoredSend;
}

/** What a run produced: what to keep for the key, and the error this call answers with (when not a success). */
interface Ran {
  kept: StoredSend;
  thrown?: AppError;
}

interface Call {
  s: SendOnce & { key: string };
  idempotent: IdempotentCall;
  correlationId: string;
  remainingMs: number;
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
  const c: Call = {
    s: s as Call['s'],
    idempotent: { scope: scopeOf(s.event), key: s.key, request: s.request },
    correlationId: s.context?.awsRequestId || randomUUID(),
    remainingMs: s.context?.getRemainingTimeInMillis?.() ?? DEFAULT_CLAIM_MS,
  };
  // A retry that finds an unknown outcome decides from the record; if another retry changed it first, look again.
  for (let look = 0; look < 3; look++) {
    const first = await claimAndRun(c);
    if ('response' in first) return first.response;
    const decided = await retryUnknown(c, first.found);
    if (decided) return decided;
  }
  throw inProgress(s.key);
}

/** Runs the action once under a claimed key; returns or throws what this call answers, and says what to keep. */
async function runPlan(c: Call, record: string, plan: Plan): Promise<Ran> {
  const attempt: SendAttempt = plan.proof ? { provenMessageId: plan.proof.eumMessageId ?? plan.proof.wamid } : { token: sendToken(record, plan.attempt) };
  try {
    const answer = await withSendAttempt(attempt, c.s.run);
    // Proven by a status: the first send's ids, and what proved it. Stored as JSON text, so a repeat answers byte
    // for byte what the first call answered (a map would reorder keys).
    const proven = plan.proof ? { wamid: plan.proof.wamid, confirmedBy: `status:${plan.proof.status}` } : {};
    return { kept: { answer: JSON.stringify({ ...answer, ...proven }) } };
  } catch (err) {
    if (err instanceof SendOutcomeUnknownError) {
      err.withRetryKey(c.s.key, false);
      const unknown: UnknownOutcome = { record, attempt: plan.attempt, at: Date.now(), provable: attempt.tokenSent === true };
      return { kept: { answer: JSON.stringify(errorResponse(err, c.correlationId)), unknown }, thrown: err };
    }
    // Kept as the key's answer; thrown again by the caller so this call logs it as the failure it is.
    if (meansSent(err)) return { kept: { answer: JSON.stringify(errorResponse(err, c.correlationId)) }, thrown: err };
    // The send happened (a status proved it) but answering failed, e.g. storing it: keep the proof for the next retry.
    if (plan.proof && plan.previous?.unknown) {
      return { kept: { ...plan.previous, unknown: { ...plan.previous.unknown, proof: plan.proof } }, thrown: err instanceof AppError ? err : toAppError(err) };
    }
    throw err;
  }
}

const answerOf = (ran: Ran): ResponseObject => {
  if (ran.thrown) throw ran.thrown;
  return JSON.parse(ran.kept.answer) as ResponseObject;
};

/** Claims the key and runs attempt 1 (Powertools); or finds what the key keeps: an answer, or an unknown outcome. */
async function claimAndRun(c: Call): Promise<{ response: ResponseObject } | { found: StoredSend }> {
  // What the run itself produced, for when Powertools fails to record it (the send happened either way).
  let ran: Ran | undefined;
  let thrown: unknown;
  let kept: StoredSend;
  try {
    kept = await runOnce(c.idempotent, c.remainingMs, async () => {
      try {
        ran = await runPlan(c, recordKeyOf(c.idempotent), { attempt: 1 });
      } catch (err) {
        throw (thrown = err);
      }
      return ran.kept;
    });
  } catch (err) {
    if ((err as Error)?.name !== 'IdempotencyPersistenceLayerError' || (ran === undefined && thrown === undefined)) throw translate(err, c.s.key);
    // The claim was made but its result (or its release) could not be written: answer what the run did. The key
    // stays claimed until its in-progress time runs out (retries meanwhile get a 409).
    logger.error('idempotency record could not be updated after the run', { error: err as Error });
    if (ran) return { response: answerOf(ran) };
    throw translate(thrown, c.s.key);
  }
  if (ran) return { response: answerOf(ran) };
  return kept.unknown ? { found: kept } : { response: JSON.parse(kept.answer) as ResponseObject };
}

/**
 * A retry found the key's send in the unknown state. Proven by a status: answer its success (the run stores the
 * message, sending nothing). Unproven and recent: 409, retry later. Unproven after the window (or unprovable): send
 * again as attempt n+1. Undefined when the record changed meanwhile (another retry took it over): look again.
 */
async function retryUnknown(c: Call, found: StoredSend): Promise<ResponseObject | undefined> {
  const seen = found.unknown!;
  const proof = (await readSendProof(seen.record)) ?? seen.proof;
  const waitUntil = seen.at + SEND_PROOF_WINDOW_MS;
  if (!proof && seen.provable && Date.now() < waitUntil) throw stillUnknown(c.s.key, seen, waitUntil);
  const plan: Plan = proof ? { attempt: seen.attempt, proof, previous: found } : { attempt: seen.attempt + 1 };
  if (!(await reclaimUnknown(seen, c.remainingMs, !proof))) return undefined;
  let ran: Ran;
  try {
    ran = await runPlan(c, seen.record, plan);
  } catch (err) {
    // This attempt sent nothing, and no status proved an earlier one: the key is free again, as after any send
    // that did not happen.
    await releaseReclaimed(seen.record).catch((e: unknown) => logger.error('idempotency record could not be released', { error: e as Error }));
    throw translate(err, c.s.key);
  }
  await finishReclaimed(seen.record, ran.kept).catch((e: unknown) => logger.error('idempotency record could not be updated after the run', { error: e as Error }));
  return answerOf(ran);
}

const toAppError = (err: unknown): AppError => new AppError('The message was sent, but answering it failed. Retry with the same idempotencyKey.', 500, { sent: true, retryable: true }, { cause: err });

function stillUnknown(key: string, seen: UnknownOutcome, waitUntil: number): ConflictError {
  const left = Math.max(1, Math.ceil((waitUntil - Date.now()) / 1000));
  return new ConflictError(
    'The first send with this idempotencyKey failed in a way that leaves unknown whether WhatsApp got the message, and no delivery status has said so yet. ' +
      `Retry with the same key in ${Math.min(left, MAX_RETRY_AFTER_SECONDS)} s: it answers the first send once a status proves it went out, and sends again only if none has by ${new Date(waitUntil).toISOString()}.`,
    {
      sent: 'unknown',
      idempotencyKey: key,
      retryable: true,
      retryAfter: Math.min(left, MAX_RETRY_AFTER_SECONDS),
      attemptedAt: new Date(seen.at).toISOString(),
      sendsAgainAfter: new Date(waitUntil).toISOString(),
      reason: 'send_outcome_unknown',
    },
  );
}

const inProgress = (key: string) =>
  new ConflictError('A request with this idempotencyKey is still running. Retry in a few seconds with the same key to get its answer.', {
    idempotencyKey: key,
    retryable: true,
    reason: 'idempotency_key_in_progress',
  });

/** Powertools' errors (by name: its package stays out of this module) in the caller's terms. */
function translate(err: unknown, key: string): unknown {
  if (err instanceof SendOutcomeUnknownError) return err.withRetryKey(key, false);
  const name = (err as Error)?.name;
  if (name === 'IdempotencyAlreadyInProgressError') return inProgress(key);
  if (name === 'IdempotencyValidationError') {
    return new AppError(
      `This idempotencyKey was used in the last ${IDEMPOTENCY_TTL_SECONDS / 3600} h for a different request (another action or other fields). Use a new key for a new message.`,
      422,
      { fields: [{ field: IDEMPOTENCY_KEY_FIELD, reason: 'already used for a different request' }], idempotencyKey: key, reason: 'idempotency_key_reused' },
    );
  }
  return err;
}
