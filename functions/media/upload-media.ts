import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { mediaKindSchema, s3KeySchema } from '../../shared/media/fields';
import { uploadFromS3 } from '../../shared/media/upload';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';

const input = withAliases(
  z.object({
    s3Key: s3KeySchema,
    kind: mediaKindSchema.optional().describe('image, video, audio, document or sticker; inferred from the Content-Type when absent'),
    ...senderFields,
  }),
  { key: 's3Key', s3_key: 's3Key', mediaType: 'kind', media_type: 'kind' },
);

const handler = async ({ s3Key, kind, metaWabaId, phoneNumberId }: z.output<typeof input>) => {
  const phone = await resolvePhone({ metaWabaId, phoneNumberId });
  const item = await uploadFromS3({ phoneNumberId: phone.phoneNumberId, s3Key, kind });
  return {
    mediaId: item.mediaId,
    s3Key: item.s3Key,
    mimeType: item.mimeType,
    size: item.size,
    kind: item.kind,
    phoneNumberId: item.phoneNumberId,
    createdAt: item.createdAt,
    expiresAt: item.expiresAt,
  };
};

const description =
  "Uploads an object of the media bucket to WhatsApp and returns its media id (valid 30 days). Its Content-Type and size are checked against Meta's limits first: image jpeg/png 5 MB, video mp4/3gpp 16 MB, audio aac/amr/mpeg/mp4/ogg 16 MB, document txt/pdf/Office 100 MB, sticker webp 100 KB static or 500 KB animated.";

export const uploadMedia = defineAction({ category: 'media', name: 'upload_media', description, input, handler });

