import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { resolvePhone } from '../../shared/eum/accounts';
import { ValidationError } from '../../shared/errors';
import { contentTypeSchema, mediaIdSchema } from '../../shared/media/fields';
import { inboundMediaPrefix, mediaKeyPrefix, uploadKeyFor } from '../../shared/media/layout';
import { extensionOfMime } from '../../shared/media/limits';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';

const PURPOSES = ['upload', 'download', 'inbound'] as const;

export const eumGenerateS3Path = defineAction({
  category: 'media',
  name: 'eum_generate_s3_path',
  description:
    "Where a file goes in the media bucket, by the same rules the actions that write there use: upload → uploads/<uuid>/<fileName> (a fresh key each call, as get_upload_url), download → media/<phoneNumberId>/<mediaId>.<ext> (download_media), inbound → inbound/<phoneNumberId>/<mediaId>.<ext> (ingest). For download and inbound EUM Social appends <mediaId>.<ext> itself, so the prefix is what is passed to it; the extension shown follows mimeType when given.",
  input: withAliases(
    z.object({
      purpose: z._default(z.enum(PURPOSES), 'upload').check(z.describe('upload, download or inbound')),
      fileName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200, 'at most 200 characters'))).check(
        z.describe('upload: the file name'),
      ),
      mimeType: z.optional(contentTypeSchema),
      mediaId: z.optional(mediaIdSchema).check(z.describe('download / inbound: the WhatsApp media id')),
      ...senderFields,
    }),
    { file_name: 'fileName', filename: 'fileName', contentType: 'mimeType', content_type: 'mimeType', media_id: 'mediaId', type: 'purpose' },
  ),
  handler: async ({ purpose, fileName, mimeType, mediaId, metaWabaId, phoneNumberId }) => {
    const bucket = getConfig().MEDIA_BUCKET;
    if (purpose === 'upload') {
      if (!fileName || !mimeType) throw new ValidationError([{ field: fileName ? 'mimeType' : 'fileName', reason: 'required for an upload path' }]);
      const s3Key = uploadKeyFor(fileName, mimeType);
      return { purpose, bucket, s3Key, s3Uri: `s3://${bucket}/${s3Key}`, next: 'get_upload_url presigns a PUT to a key like this one' };
    }
    if (!mediaId) throw new ValidationError([{ field: 'mediaId', reason: `required for a ${purpose} path` }]);
    const phone = await resolvePhone({ metaWabaId, phoneNumberId });
    const prefix = purpose === 'download' ? mediaKeyPrefix(phone.phoneNumberId) : inboundMediaPrefix(phone.phoneNumberId);
    const ext = mimeType ? extensionOfMime(mimeType) : undefined;
    const s3Key = `${prefix}${mediaId}${ext ? `.${ext}` : '.<ext>'}`;
    return { purpose, bucket, prefix, s3Key, s3Uri: `s3://${bucket}/${s3Key}`, phoneNumberId: phone.phoneNumberId, metaWabaId: phone.account.wabaId };
  },
});
