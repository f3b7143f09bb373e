import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { downloadMedia } from '../../shared/media/download';
import { mediaIdSchema } from '../../shared/media/fields';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';

const input = withAliases(
  z.object({
    mediaId: mediaIdSchema,
    force: z.optional(z.boolean()).check(z.describe('Download again even when a stored copy exists')),
    ...senderFields,
  }),
  { media_id: 'mediaId', id: 'mediaId' },
);

const handler = async ({ mediaId, force, metaWabaId, phoneNumberId }: z.output<typeof input>) => {
  const phone = await resolvePhone({ metaWabaId, phoneNumberId });
  const { item, downloaded } = await downloadMedia({ phoneNumberId: phone.phoneNumberId, mediaId, force });
  return {
    mediaId: item.mediaId,
    s3Key: item.s3Key,
    mimeType: item.mimeType,
    size: item.size,
    phoneNumberId: item.phoneNumberId,
    createdAt: item.createdAt,
    expiresAt: item.expiresAt,
    downloaded,
  };
};

const description =
  'Copies WhatsApp media (a media id from an inbound message or an upload) into the media bucket under media/<phoneNumberId>/<mediaId>.<ext>. Idempotent: an existing copy is returned (downloaded: false) unless force is set.';

export const downloadMediaAction = defineAction({ category: 'media', name: 'download_media', description, input, handler });

