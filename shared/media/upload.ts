import { PostWhatsAppMessageMediaCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessaging } from '../aws/clients';
import { getConfig } from '../config';
import { fromEumError } from '../eum/errors';
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
 * Uploads an object of the media bucket to WhatsApp (PostWhatsAppMessageMedia) after checking it, and records the
 * MEDIA_UPLOAD item. The media id works for 30 days from the phone number that uploaded it.
 */
export async function uploadFromS3(opts: {
  phoneNumberId: string;
  s3Key: string;
  kind?: MediaKind;
  /** The request field the key came from, for error messages. */
  field?: string;
}): Promise<MediaUploadItem> {
  const checked = await checkMediaObject(opts.s3Key, opts.kind, opts.field);
  let mediaId: string | undefined;
  try {
    const out = await socialMessaging().send(
      new PostWhatsAppMessageMediaCommand({
        originationPhoneNumberId: opts.phoneNumberId,
        sourceS3File: { bucketName: getConfig().MEDIA_BUCKET, key: opts.s3Key },
      }),
    );
    mediaId = out.mediaId;
  } catch (err) {
    return fromEumError(err, 'PostWhatsAppMessageMedia');
  }
  if (!mediaId) throw new Error('EUM Social PostWhatsAppMessageMedia returned no mediaId');
  return putMediaUpload({
    mediaId,
    s3Key: checked.s3Key,
    mimeType: checked.mimeType,
    size: checked.size,
    kind: checked.kind,
    phoneNumberId: opts.phoneNumberId,
    createdAt: nowIso(),
  });
}
