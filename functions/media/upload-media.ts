import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { mediaKindSchema, s3KeySchema } from '../../shared/media/fields';
import { startUploadJob } from '../../shared/media/upload-jobs';
import { checkMediaObject, postToWhatsApp, SYNC_UPLOAD_MAX_BYTES } from '../../shared/media/upload';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { uploadJobView } from './upload-job-view';

const input = withAliases(
  z.object({
    s3Key: s3KeySchema,
    kind: z.optional(mediaKindSchema).check(
      z.describe('image, video, audio, document or sticker; inferred from the Content-Type when absent'),
    ),
    async: z.optional(z.boolean()).check(
      z.describe(`true: upload in the background whatever the size (202 and a jobId); objects over ${SYNC_UPLOAD_MAX_BYTES} bytes always are`),
    ),
    ...senderFields,
  }),
  { key: 's3Key', s3_key: 's3Key', mediaType: 'kind', media_type: 'kind' },
);

const handler = async ({ s3Key, kind, async, metaWabaId, phoneNumberId }: z.output<typeof input>) => {
  const phone = await resolvePhone({ metaWabaId, phoneNumberId });
  const checked = await checkMediaObject(s3Key, kind);
  if (async || checked.size > SYNC_UPLOAD_MAX_BYTES) {
    const job = await startUploadJob(phone.phoneNumberId, checked);
    return { statusCode: 202, ...uploadJobView(job) };
  }
  const item = await postToWhatsApp(phone.phoneNumberId, checked);
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
  "Uploads an object of the media bucket to WhatsApp and returns its media id (valid 30 days). Its Content-Type and size are checked against Meta's limits first: image jpeg/png 5 MB, video mp4/3gpp 16 MB, audio aac/amr/mpeg/mp4/ogg 16 MB, document txt/pdf/Office 100 MB, sticker webp 100 KB static or 500 KB animated. Objects over 16 MB (or with async: true) upload in the background: the answer is 202 with a jobId, and get_media_upload_job reports the media id when it is done.";

export const uploadMedia = defineAction({ category: 'media', name: 'upload_media', description, input, handler });
