import { eumSdk } from '../aws/clients';
import { getConfig } from '../config';
import { UpstreamError } from '../errors';
import { fromEumError } from './errors';
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

/** Sends one message through EUM Social; returns EUM's message id (Meta's wamid arrives later in statuses). */
export async function sendWhatsAppMessage(originationPhoneNumberId: string, message: MetaMessage): Promise<string> {
  try {
    const out = await sendClient().send(
      new (eumSdk().SendWhatsAppMessageCommand)({
        originationPhoneNumberId,
        message: new TextEncoder().encode(JSON.stringify(message)),
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
