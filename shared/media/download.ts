import { eumSdk, socialMessaging } from '../aws/clients';
import { getConfig } from '../config';
import { UpstreamError } from '../errors';
import { fromEumError } from '../eum/errors';
import { getMediaDownload, putMediaDownload, type MediaDownloadItem } from '../table/media';
import { nowIso } from '../time';
import { mimeEssence } from './limits';
import { listObjects, objectExists } from './objects';

export interface DownloadedMedia {
  /** Where the file is in the media bucket. */
  s3Key: string;
  mimeType: string;
  /** Bytes, as stored in S3 (EUM's own fileSize is documented in KB, so it is not used). */
  size: number;
}

/** Where download_media keeps a phone number's media: `media/<phoneNumberId>/<mediaId>.<ext>`. */
export const mediaKeyPrefix = (phoneNumberId: string): string => `media/${phoneNumberId}/`;

/**
 * Copies WhatsApp media (an uploaded or a customer's media id) into the media bucket with GetWhatsAppMessageMedia.
 * EUM treats the given key as a prefix and appends `<mediaId>.<ext>` itself, with an extension it chooses, so the
 * object is found by listing afterwards rather than by guessing (so the caller's role needs s3:ListBucket).
 * Writes no table item: callers decide that.
 */
export async function downloadToS3(opts: { phoneNumberId: string; mediaId: string; keyPrefix: string }): Promise<DownloadedMedia> {
  let mimeType: string | undefined;
  try {
    const out = await socialMessaging().send(
      new (eumSdk().GetWhatsAppMessageMediaCommand)({
        originationPhoneNumberId: opts.phoneNumberId,
        mediaId: opts.mediaId,
        destinationS3File: { bucketName: getConfig().MEDIA_BUCKET, key: opts.keyPrefix },
      }),
    );
    mimeType = out.mimeType;
  } catch (err) {
    return fromEumError(err, 'GetWhatsAppMessageMedia');
  }
  const base = `${opts.keyPrefix}${opts.mediaId}`;
  // `<base>` or `<base>.<ext>`, not another media id that merely starts with the same digits.
  const [object] = (await listObjects(base)).filter((o) => {
    const rest = o.key.slice(base.length);
    return rest === '' || (rest.startsWith('.') && !rest.includes('/'));
  });
  if (!object) {
    throw new UpstreamError(
      `EUM Social GetWhatsAppMessageMedia succeeded but no object appeared under '${base}' in the media bucket`,
      502,
      true,
      { upstream: 'eum-social' },
    );
  }
  return { s3Key: object.key, mimeType: mimeEssence(mimeType ?? 'application/octet-stream'), size: object.size };
}

/**
 * download_media: the stored copy of a media id, downloading it only when there is none yet (or `force`), and
 * recording the MEDIA_DOWNLOAD item. A recorded copy whose object is gone (lifecycle expiry) is downloaded again.
 */
export async function downloadMedia(opts: {
  phoneNumberId: string;
  mediaId: string;
  force?: boolean;
}): Promise<{ item: MediaDownloadItem; downloaded: boolean }> {
  if (!opts.force) {
    const existing = await getMediaDownload(opts.mediaId);
    if (existing && (await objectExists(existing.s3Key))) return { item: existing, downloaded: false };
  }
  const stored = await downloadToS3({ ...opts, keyPrefix: mediaKeyPrefix(opts.phoneNumberId) });
  const item = await putMediaDownload({ mediaId: opts.mediaId, ...stored, phoneNumberId: opts.phoneNumberId, createdAt: nowIso() });
  return { item, downloaded: true };
}
