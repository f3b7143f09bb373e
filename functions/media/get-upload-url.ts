import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { contentTypeSchema, expiresInSchema } from '../../shared/media/fields';
import { kindOfMime, MEDIA_RULES } from '../../shared/media/limits';
import { presignPut, uploadKeyFor } from '../../shared/media/presign';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

export const getUploadUrl = defineAction({
  category: 'media',
  name: 'get_upload_url',
  description:
    'A presigned PUT URL to place a file in the media bucket under uploads/<uuid>/<fileName>. Send the returned headers with the PUT, then pass s3Key to upload_media or a send_* action. Valid for expiresIn seconds (default 900, at most 3600).',
  input: withAliases(
    z.object({
      fileName: z.string().check(
        z.trim(),
        z.minLength(1, 'must not be empty'),
        z.maxLength(255, 'at most 255 characters'),
        z.describe('Name of the file (sanitised into the key)'),
      ),
      contentType: contentTypeSchema,
      expiresIn: expiresInSchema,
    }),
    { filename: 'fileName', file_name: 'fileName', mimeType: 'contentType', content_type: 'contentType', expires_in: 'expiresIn' },
  ),
  handler: async ({ fileName, contentType, expiresIn }) => {
    const put = await presignPut(uploadKeyFor(fileName, contentType), contentType, expiresIn);
    const kind = kindOfMime(contentType)!;
    const rule = MEDIA_RULES[kind];
    return {
      ...put,
      key: put.s3Key,
      kind,
      // What upload_media will accept for this kind; S3 itself does not limit a presigned PUT's size.
      maxBytes: rule.maxBytes,
      ...(rule.staticMaxBytes ? { staticMaxBytes: rule.staticMaxBytes } : {}),
    };
  },
});
