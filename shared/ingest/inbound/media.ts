import { UpstreamError } from '../../errors';
import { downloadToS3, type DownloadedMedia } from '../../media/download';
import { getInboundMediaState, recordInboundMedia, recordMediaError, type MediaDownloadItem } from '../../table/media';
import type { PhoneRef } from '../../table/messages';
import { nowIso } from '../../time';
import type { InboundMedia } from './summary';

/**
 * Customers' media is copied into the media bucket when the message arrives: WhatsApp forgets inbound media ids
 * after 7 days, so a copy is never left unfinished (see ensureInboundMedia). EUM writes the file under `inbound/<phoneNumberId>/` (it appends `<mediaId>.<ext>` itself).
 */
export const inboundMediaPrefix = (phoneNumberId: string): string => `inbound/${phoneNumberId}/`;

/** Pause before the one extra attempt at a transient failure (the SDK has already retried throttling and 5xx). */
export const RETRY_DELAY_MS = 400;

const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED']);

export function isTransient(err: unknown): boolean {
  if (err instanceof UpstreamError) return err.retryable;
  const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    !!e?.$retryable ||
    (e?.$metadata?.httpStatusCode ?? 0) >= 500 ||
    TRANSIENT_NAMES.has(e?.name ?? '') ||
    TRANSIENT_NAMES.has(e?.code ?? '')
  );
}

/** Runs `fn`, and once more after a short pause if the first failure was transient. */
export async function withOneRetry<T>(fn: () => Promise<T>, delayMs = RETRY_DELAY_MS): Promise<{ value: T; attempts: number }> {
  try {
    return { value: await fn(), attempts: 1 };
  } catch (err) {
    if (!isTransient(err)) throw Object.assign(err as object, { attempts: 1 });
    await new Promise((r) => setTimeout(r, delayMs * (0.5 + Math.random())));
    try {
      return { value: await fn(), attempts: 2 };
    } catch (again) {
      throw Object.assign(again as object, { attempts: 2 });
    }
  }
}

export interface MediaError {
  name: string;
  message: string;
  at: string;
  retryable: boolean;
  attempts?: number;
}

export function mediaErrorOf(err: unknown): MediaError {
  const e = err instanceof Error ? err : new Error(String(err));
  const upstream = e instanceof UpstreamError ? (e.details.upstreamError as string | undefined) : undefined;
  const attempts = (e as { attempts?: number }).attempts;
  return { name: upstream ?? e.name, message: e.message, at: nowIso(), retryable: isTransient(e), ...(attempts ? { attempts } : {}) };
}

/**
 * How many ingest attempts (deliveries, Lambda's retries, dead-letter replays) may fail transiently before the copy
 * is given up as `failed`. Each attempt already tries twice (withOneRetry). WhatsApp forgets the media after 7 days
 * anyway, and EUM then answers ResourceNotFound, a permanent failure.
 */
export const MAX_MEDIA_ATTEMPTS = 8;

/** Fails the record on purpose so Lambda retries it: the message is stored, its media copy is not finished. */
export class MediaCopyRetryError extends Error {
  constructor(wamid: string, options?: ErrorOptions) {
    super(`media of message ${wamid} could not be copied on a transient fault; the record is retried`, options);
    this.name = 'MediaCopyRetryError';
  }
}

export interface InboundMediaInput {
  phone: PhoneRef;
  wamid: string;
  media: InboundMedia;
  /** False on a redelivery or replay: the message was stored before and its copy state decides. */
  isNew: boolean;
}

export type InboundMediaOutcome =
  | { effect: 'mediaSaved'; item: MediaDownloadItem }
  /** Already copied, permanently failed, or the message was revoked: nothing to do. */
  | { effect: 'mediaDone' }
  | { effect: 'mediaError'; error: MediaError; retry?: MediaCopyRetryError };

/**
 * Makes sure a stored inbound message's media ends up in S3: copies it for a new message, and on a redelivery or a
 * replay finishes a copy left unfinished (the first attempt died after storing the message) or retries one that
 * failed transiently. A transient failure is recorded (`mediaCopy: retrying`) and returned with `retry`, an error for
 * the caller to throw once the rest of the message is done, so Lambda retries the record; a permanent failure (or
 * the MAX_MEDIA_ATTEMPTS-th transient one) is recorded as `failed` and not retried. Never throws: a fault while
 * recording comes back as a retry too.
 */
export async function ensureInboundMedia(input: InboundMediaInput): Promise<InboundMediaOutcome> {
  let attemptsSoFar = 0;
  try {
    if (!input.isNew) {
      const found = await getInboundMediaState(input.wamid);
      if (!found || found.revoked || !found.mediaId || found.state === 'saved' || found.state === 'failed') return { effect: 'mediaDone' };
      attemptsSoFar = found.attempts;
    }
    return await copyInboundMedia(input, attemptsSoFar);
  } catch (err) {
    // Reading the state or recording the outcome failed (DynamoDB): the copy may be unfinished, so retry the record.
    return { effect: 'mediaError', error: mediaErrorOf(err), retry: new MediaCopyRetryError(input.wamid, { cause: err }) };
  }
}

async function copyInboundMedia(input: InboundMediaInput, attemptsSoFar: number): Promise<InboundMediaOutcome> {
  const phoneNumberId = input.phone.phoneNumberId ?? input.phone.arn;
  let stored: DownloadedMedia;
  try {
    ({ value: stored } = await withOneRetry(() =>
      downloadToS3({ phoneNumberId, mediaId: input.media.mediaId, keyPrefix: inboundMediaPrefix(phoneNumberId) }),
    ));
  } catch (err) {
    const error = mediaErrorOf(err);
    const retry = error.retryable && attemptsSoFar + 1 < MAX_MEDIA_ATTEMPTS;
    const recorded = await recordMediaError(input.wamid, { ...error }, retry ? 'retrying' : 'failed');
    // Not recorded: a concurrent delivery saved the copy meanwhile.
    if (!recorded) return { effect: 'mediaDone' };
    return { effect: 'mediaError', error, ...(retry ? { retry: new MediaCopyRetryError(input.wamid, { cause: err }) } : {}) };
  }
  const item = await recordInboundMedia({
    mediaId: input.media.mediaId,
    wamid: input.wamid,
    ...stored,
    phoneNumberId,
    kind: input.media.kind,
    sha256: input.media.sha256,
    createdAt: nowIso(),
  });
  return { effect: 'mediaSaved', item };
}
