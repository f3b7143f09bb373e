import { AsyncLocalStorage } from 'node:async_hooks';
import { eumSdk } from '../aws/clients';
import { getConfig } from '../config';
import { UpstreamError } from '../errors';
import { fromEumError } from './errors';
import { withSendToken } from '../table/send-attempts';
import { isAmbiguousSendFailure, sendClient } from './send-client';

/** Meta's Cloud API /messages body. EUM Social passes it through to Meta verbatim. */
export type MetaMessage = { messaging_product: 'whatsapp' } & Record<string, unknown>;

/**
 * EUM may or may not have sent the message: it answered 5xx, or the connection broke or timed out after the request
 * left. Not retried (a retry could send it twice); the caller is told `sent: "unknown"` and how to retry safely.
 * An EUM 5xx answer is a 502; no answer at all a 503.
 */
export class SendOutcomeUnknownError extends UpstreamError {
  constructor(upstreamError: string, answered: boolean, options?: ErrorOptions) {
    super(
      'EUM Social SendWhatsAppMessage failed after the request was sent: the message may or may not have been sent. ' +
        'Do not retry blindly; if you send again, reuse the idempotencyKey of this answer so that the retry sends at most once.',
      answered ? 502 : 503,
      true,
      { sent: 'unknown', upstream: 'eum-social', upstreamError },
      options,
    );
  }

  /** The key to retry with, added by the send path (shared/http/send-once.ts); `generated` when the caller gave none. */
  withRetryKey(idempotencyKey: string, generated: boolean): this {
    Object.assign(this.details, { idempotencyKey, ...(generated ? { idempotencyKeyGenerated: true } : {}) });
    return this;
  }
}

/**
 * The send an action makes under an idempotency key (shared/http/send-once.ts sets it around the action's run, so
 * actions need not know about it). Covers the run's first send only: every sending action sends one message.
 */
export interface SendAttempt {
  /** Rides in the message's biz_opaque_callback_data; Meta echoes it in every status of the message. */
  token?: string;
  /** A status proved this send already went out as this message: answer with its id, send nothing. */
  provenMessageId?: string;
  /** Set by the send: the token rode in the message (a read receipt has no statuses to echo it, so none rides). */
  tokenSent?: boolean;
  /** Set by the send: the run's first send happened (or was answered from the proof). */
  used?: boolean;
}

const attempts = new AsyncLocalStorage<SendAttempt>();

/** Runs `fn` with `attempt` as the context of the send it makes. */
export const withSendAttempt = <T>(attempt: SendAttempt, fn: () => Promise<T>): Promise<T> => attempts.run(attempt, fn);

/** The message as sent: with the attempt's token in biz_opaque_callback_data (a message, not a read receipt). */
function tagged(message: MetaMessage, attempt: SendAttempt): MetaMessage {
  if (!attempt.token || typeof message.type !== 'string') return message;
  const data = withSendToken(message.biz_opaque_callback_data, attempt.token);
  if (data === undefined) return message;
  attempt.tokenSent = true;
  return { ...message, biz_opaque_callback_data: data };
}

/** Sends one message through EUM Social; returns EUM's message id (Meta's wamid arrives later in statuses). */
export async function sendWhatsAppMessage(originationPhoneNumberId: string, message: MetaMessage): Promise<string> {
  const store = attempts.getStore();
  const attempt = store && !store.used ? store : undefined;
  if (attempt) attempt.used = true;
  if (attempt?.provenMessageId) return attempt.provenMessageId;
  try {
    const out = await sendClient().send(
      new (eumSdk().SendWhatsAppMessageCommand)({
        originationPhoneNumberId,
        message: new TextEncoder().encode(JSON.stringify(attempt ? tagged(message, attempt) : message)),
        metaApiVersion: getConfig().META_API_VERSION,
      }),
    );
    if (!out.messageId) throw new Error('EUM Social returned no messageId');
    return out.messageId;
  } catch (err) {
    if (isAmbiguousSendFailure(err)) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      throw new SendOutcomeUnknownError(e.name ?? 'Error', e.$metadata?.httpStatusCode !== undefined, { cause: err });
    }
    return fromEumError(err, 'SendWhatsAppMessage');
  }
}
