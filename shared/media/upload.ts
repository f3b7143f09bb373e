import { PostWhatsAppMessageMediaCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessaging, socialMessagingForJobs } from '../aws/clients';
import { getConfig } from '../config';
import { fromEumError } from '../eum/errors';
import { ValidationError } from '../errors';
import { putMediaUpload, type MediaUploadItem } from '../table/media';
import { nowIso } from '../time';
import { checkMimeType, checkSize, isAnimatedWebp, MEDIA_RULES, mimeEssence, type MediaKind } from './limits';
import { headObject, readObjectHead } from './objects';

export interface CheckedObject {
  s3Key: string;
  mimeType: string;
  size: number;
  kind: MediaKind;
  animated?: boolean;
}

/** What an upload record keeps of the checked object (not `animated`, which only the check uses). */
export const storedObject = ({ s3Key, mimeType, size, kind }: StoredObject): StoredObject => ({ s3Key, mimeType, size, kind });

/** A checked object as records keep it (a job's kind comes back from the table as a plain string). */
export type StoredObject = Pick<CheckedObject, 's3Key' | 'mimeType' | 'size'> & { kind: string };

/**
 * Checks an object of the media bucket against WhatsApp's rules for `kind` (or the kind its type implies) without
 * downloading it: HeadObject for type and size, plus the first bytes of a WebP sticker larger than the static limit.
 * Problems are 400s on `field` (404 when the object is missing).
 */
export async function checkMediaObject(s3Key: string, kind: MediaKind | undefined, field = 's3Key'): Promise<CheckedObject> {
  const head = await headObject(s3Key);
  const resolved = checkMimeType(head.contentType, kind, field);
  let animated: boolean | undefined;
  if (resolved === 'sticker' && head.size > MEDIA_RULES.sticker.staticMaxBytes!) {
    animated = isAnimatedWebp(await readObjectHead(s3Key, 32));
  }
  checkSize(resolved, head.size, field, animated);
  return { s3Key, mimeType: mimeEssence(head.contentType!), size: head.size, kind: resolved, ...(animated !== undefined ? { animated } : {}) };
}

/**
 * Above this size an upload to WhatsApp never runs inside an API call (API Gateway gives up after 29 s): it runs as
 * a background job (upload-jobs.ts). Every image, audio, video and sticker is below it; documents may be above.
 */
export const SYNC_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Uploads an object of the media bucket to WhatsApp (PostWhatsAppMessageMedia) after checking it, and records the
 * MEDIA_UPLOAD item. The media id works for 30 days from the phone number that uploaded it. An object over
 * SYNC_UPLOAD_MAX_BYTES is refused (400 naming the field): upload_media runs it in the background instead.
 */
export async function uploadFromS3(opts: {
  phoneNumberId: string;
  s3Key: string;
  kind?: MediaKind;
  /** The request field the key came from, for error messages. */
  field?: string;
}): Promise<MediaUploadItem> {
  const checked = await checkMediaObject(opts.s3Key, opts.kind, opts.field);
  if (checked.size > SYNC_UPLOAD_MAX_BYTES) {
    throw new ValidationError([
      {
        field: opts.field ?? 's3Key',
        reason:
          `is ${checked.size} bytes, more than can be uploaded to WhatsApp within one API call (${SYNC_UPLOAD_MAX_BYTES} bytes): ` +
          'upload it with upload_media, which answers 202 with a jobId and uploads in the background, then send the mediaId that get_media_upload_job reports',
      },
    ]);
  }
  return postToWhatsApp(opts.phoneNumberId, checked);
}

/** The upload itself, for an object already checked; `requestTimeoutMs` bounds the wait for EUM Social. */
export async function postToWhatsApp(
  phoneNumberId: string,
  checked: StoredObject,
  opts: { requestTimeoutMs?: number } = {},
): Promise<MediaUploadItem> {
  let mediaId: string | undefined;
  try {
    // A background job (requestTimeoutMs) waits longer than any API request may: it has a client of its own.
    const out = await (opts.requestTimeoutMs ? socialMessagingForJobs() : socialMessaging()).send(
      new PostWhatsAppMessageMediaCommand({
        originationPhoneNumberId: phoneNumberId,
        sourceS3File: { bucketName: getConfig().MEDIA_BUCKET, key: checked.s3Key },
      }),
      opts.requestTimeoutMs ? { requestTimeout: opts.requestTimeoutMs } : {},
    );
    mediaId = out.mediaId;
  } catch (err) {
    return fromEumError(err, 'PostWhatsAppMessageMedia');
  }
  if (!mediaId) throw new Error('EUM Social PostWhatsAppMessageMedia returned no mediaId');
  return putMediaUpload({ mediaId, ...storedObject(checked), phoneNumberId, createdAt: nowIso() });
}
