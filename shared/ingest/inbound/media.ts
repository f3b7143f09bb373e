import { UpstreamError } from '../../errors';
import { downloadToS3, type DownloadedMedia } from '../../media/download';
import { recordInboundMedia, recordMediaError, type MediaDownloadItem } from '../../table/media';
import type { PhoneRef } from '../../table/messages';
import { nowIso } from '../../time';
import type { InboundMedia } from './summary';

/**
 * Customers' media is copied into the media bucket when the message arrives: WhatsApp forgets inbound media ids
 * after 7 days. EUM writes the file under `inbound/<phoneNumberId>/` (it appends `<mediaId>.<ext>` itself).
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

export interface SaveInboundMediaInput {
  phone: PhoneRef;
  wamid: string;
  media: InboundMedia;
}

export type SaveInboundMediaResult = { saved: true; item: MediaDownloadItem } | { saved: false; error: MediaError };

/**
 * Copies the media of a newly stored message to S3 and records it: the MEDIA_DOWNLOAD item and the message's
 * pointer to it (`mediaS3Key`, `mediaDownloadPk`) are written in one transaction. A download that still fails after
 * the retries is recorded on the message as `mediaError`; it never fails the record, whose message is stored.
 */
export async function saveInboundMedia(input: SaveInboundMediaInput): Promise<SaveInboundMediaResult> {
  const phoneNumberId = input.phone.phoneNumberId ?? input.phone.arn;
  let stored: DownloadedMedia;
  try {
    ({ value: stored } = await withOneRetry(() =>
      downloadToS3({ phoneNumberId, mediaId: input.media.mediaId, keyPrefix: inboundMediaPrefix(phoneNumberId) }),
    ));
  } catch (err) {
    const error = mediaErrorOf(err);
    await recordMediaError(input.wamid, { ...error });
    return { saved: false, error };
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
  return { saved: true, item };
}
