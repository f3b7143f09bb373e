import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { UpstreamError } from '../errors';
import { downloadToS3, type DownloadedMedia } from '../media/download';
import type { MediaDownloadItem } from '../table/media';
import { ItemType, keys } from '../table/keys';
import type { PhoneRef } from '../table/messages';
import { nowIso } from '../time';
import type { InboundMedia } from './inbound/summary';

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
  const messagePk = keys.message(input.wamid);
  let stored: DownloadedMedia;
  try {
    ({ value: stored } = await withOneRetry(() =>
      downloadToS3({ phoneNumberId, mediaId: input.media.mediaId, keyPrefix: inboundMediaPrefix(phoneNumberId) }),
    ));
  } catch (err) {
    const error = mediaErrorOf(err);
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
        Key: { pk: messagePk },
        UpdateExpression: 'SET mediaError = :e',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':e': error },
      }),
    );
    return { saved: false, error };
  }

  const createdAt = nowIso();
  const end = Date.parse(createdAt) + getConfig().MEDIA_EXPIRATION_DAYS * 24 * 3600 * 1000;
  const item: MediaDownloadItem & Record<string, unknown> = {
    pk: keys.mediaDownload(input.media.mediaId),
    itemType: ItemType.MediaDownload,
    mediaId: input.media.mediaId,
    s3Key: stored.s3Key,
    mimeType: stored.mimeType,
    size: stored.size,
    phoneNumberId,
    createdAt,
    // The bucket's lifecycle rule removes the object after MEDIA_EXPIRATION_DAYS; the item goes with it.
    expiresAt: new Date(end).toISOString(),
    ttl: Math.floor(end / 1000),
    source: 'inbound',
    kind: input.media.kind,
    wamid: input.wamid,
    ...(input.media.sha256 ? { sha256: input.media.sha256 } : {}),
  };
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: getConfig().TABLE_NAME, Item: item } },
        {
          Update: {
            TableName: getConfig().TABLE_NAME,
            Key: { pk: messagePk },
            UpdateExpression: 'SET mediaS3Key = :key, mediaDownloadPk = :dl, mediaMimeType = :mime, mediaSize = :size REMOVE mediaError',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':key': stored.s3Key, ':dl': item.pk, ':mime': stored.mimeType, ':size': stored.size },
          },
        },
      ],
    }),
  );
  return { saved: true, item };
}
