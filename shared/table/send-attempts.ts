import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { IDEMPOTENCY_PREFIX, keys } from './keys';

/**
 * Proof that a send with an idempotency key went out, for the sends whose outcome EUM left unknown (a 5xx, a reset
 * socket or a timeout after the request left; shared/http/send-once.ts). EUM has no look-up of a send and no client
 * token, but Meta echoes a message's `biz_opaque_callback_data` in every status webhook of that message. So each
 * send made under an idempotency key carries a token naming its key's record (`IDEMPOTENCY#<hash>`, kept by
 * Powertools, shared/table/idempotency.ts) and the attempt; a status whose message we do not know that carries such a
 * token writes the message's ids onto that record (its `sendProof` attribute, which this module alone owns).
 *
 * No Powertools here: ingest loads this module, and it costs ingest nothing unless a status carries a token.
 */

const TOKEN_PREFIX = 'sendonce:v1:';
/**
 * `sendonce:v1:<attempt>:<record hash>`, then `|<the caller's own data>` when a payload already had some. The hash is
 * Powertools' base64 SHA-256 (shared/table/idempotency.ts `hashFunction`): 44 characters.
 */
const TOKEN_PATTERN = /^sendonce:v1:(\d{1,4}):([A-Za-z0-9+/]{43}=)(?:\||$)/;
/** Meta's limit on biz_opaque_callback_data. */
export const CALLBACK_DATA_MAX_BYTES = 512;

/** The token of one attempt at the send guarded by the record `recordPk` (`IDEMPOTENCY#<hash>`). */
export function sendToken(recordPk: string, attempt: number): string {
  const hash = recordPk.slice(IDEMPOTENCY_PREFIX.length + 1);
  return `${TOKEN_PREFIX}${attempt}:${hash}`;
}

/** The record and attempt a status's `biz_opaque_callback_data` names, when it carries our token. */
export function parseSendToken(data: unknown): { recordPk: string; attempt: number } | undefined {
  if (typeof data !== 'string' || !data.startsWith(TOKEN_PREFIX)) return undefined;
  const match = TOKEN_PATTERN.exec(data);
  return match ? { recordPk: keys.idempotency(match[2]!), attempt: Number(match[1]) } : undefined;
}

/**
 * A payload's biz_opaque_callback_data with our token in front. A caller's own value is kept after a `|` (Meta
 * echoes both); when both do not fit in Meta's 512 bytes the caller's value is left alone and no token rides.
 */
export function withSendToken(existing: unknown, token: string): string | undefined {
  if (existing === undefined || existing === null || existing === '') return token;
  const combined = `${token}|${String(existing)}`;
  return Buffer.byteLength(combined, 'utf8') <= CALLBACK_DATA_MAX_BYTES ? combined : undefined;
}

/** What a status proved about a send: it went out, as this message. */
export interface SendProof {
  wamid: string;
  /** EUM's id of the send, when the status's envelope named it (then the message is stored under it). */
  eumMessageId?: string;
  /** The attempt whose token the status carried. */
  attempt: number;
  status: string;
  at: string;
}

/**
 * Records on a send's idempotency record that a status proved the send went out. Called by ingest only for a status
 * whose message is not stored (the rare branch) and only when it carries our token: no request otherwise. The first
 * proof wins, except that a status naming EUM's id completes a proof of the same message that lacked it. A record
 * that no longer exists (expired after 24 h, or released because nothing was sent) gets nothing.
 */
export async function recordSendProof(callbackData: unknown, proof: Omit<SendProof, 'attempt'>, db: Table = defaultTable()): Promise<boolean> {
  const token = parseSendToken(callbackData);
  if (!token) return false;
  const value: SendProof = { ...proof, attempt: token.attempt };
  const firstOrBetter = proof.eumMessageId
    ? '(attribute_not_exists(sendProof) OR (sendProof.wamid = :wamid AND attribute_not_exists(sendProof.eumMessageId)))'
    : 'attribute_not_exists(sendProof)';
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: token.recordPk },
        UpdateExpression: 'SET sendProof = :proof',
        ConditionExpression: `attribute_exists(pk) AND ${firstOrBetter}`,
        ExpressionAttributeValues: { ':proof': value, ...(proof.eumMessageId ? { ':wamid': proof.wamid } : {}) },
      }),
    ),
  );
}

/** The proof recorded on a send's idempotency record, if a status brought one (read strongly consistently). */
export async function readSendProof(recordPk: string, db: Table = defaultTable()): Promise<SendProof | undefined> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.name, Key: { pk: recordPk }, ConsistentRead: true, ProjectionExpression: 'sendProof' }),
  );
  const proof = Item?.sendProof as SendProof | undefined;
  return typeof proof?.wamid === 'string' ? proof : undefined;
}
