import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { expiresInSchema, mediaIdSchema, s3KeySchema } from '../../shared/media/fields';
import { headObject } from '../../shared/media/objects';
import { presignGet } from '../../shared/media/presign';
import { getMediaDownload, getMediaUpload } from '../../shared/table/media';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

/** A media id names the downloaded copy, or else the object an upload came from. */
async function keyOfMedia(mediaId: string): Promise<string> {
  const item = (await getMediaDownload(mediaId)) ?? (await getMediaUpload(mediaId));
  if (!item) {
    throw new NotFoundError(`No stored copy of media ${mediaId}: copy it into the bucket with download_media first`, { mediaId });
  }
  return item.s3Key;
}

export const getMediaUrl = defineAction({
  category: 'media',
  name: 'get_media_url',
  description:
    'A presigned GET URL for an object of the media bucket, named by s3Key or by a media id that was downloaded (download_media) or uploaded (upload_media). Valid for expiresIn seconds (default 900, at most 3600).',
  input: withAliases(
    z.object({
        s3Key: z.optional(s3KeySchema),
        mediaId: z.optional(mediaIdSchema),
        expiresIn: expiresInSchema,
      }).check(
      z.refine((v) => (v.s3Key === undefined) !== (v.mediaId === undefined), {
          message: 'give exactly one of s3Key or mediaId',
          path: ['s3Key'],
        }),
    ),
    { key: 's3Key', s3_key: 's3Key', media_id: 'mediaId', expires_in: 'expiresIn' },
  ),
  handler: async ({ s3Key, mediaId, expiresIn }) => {
    const key = s3Key ?? (await keyOfMedia(mediaId!));
    const head = await headObject(key);
    const { url, expiresAt } = await presignGet(key, expiresIn);
    return {
      url,
      method: 'GET',
      s3Key: key,
      ...(mediaId ? { mediaId } : {}),
      ...(head.contentType ? { mimeType: head.contentType } : {}),
      size: head.size,
      expiresIn,
      expiresAt,
    };
  },
});
