import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { deleteWhatsAppMedia } from './delete-whatsapp-media';
import { mediaIdSchema } from '../../shared/media/fields';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { getMediaDownload, getMediaUpload } from '../../shared/table/media';

export const deleteMedia = defineAction({
  category: 'media',
  name: 'delete_media',
  description:
    'Deletes WhatsApp media by media id (DeleteWhatsAppMessageMedia). With deleteStoredCopy, also deletes the S3 objects and MEDIA_UPLOAD / MEDIA_DOWNLOAD items recorded for it (even when WhatsApp no longer has the media). The phone number defaults to the one that uploaded or downloaded it.',
  input: withAliases(
    z.object({
      mediaId: mediaIdSchema,
      deleteStoredCopy: z.optional(z.boolean()).check(
        z.describe('Also delete the stored S3 objects and their MEDIA_* items'),
      ),
      ...senderFields,
    }),
    { media_id: 'mediaId', id: 'mediaId', delete_stored_copy: 'deleteStoredCopy' },
  ),
  handler: async ({ mediaId, deleteStoredCopy, metaWabaId, phoneNumberId }) => {
    const [upload, download] = await Promise.all([getMediaUpload(mediaId), getMediaDownload(mediaId)]);
    const recorded = upload?.phoneNumberId ?? download?.phoneNumberId;
    const phone =
      metaWabaId || phoneNumberId || !recorded ? (await resolvePhone({ metaWabaId, phoneNumberId })).phoneNumberId : recorded;
    const result = await deleteWhatsAppMedia({
      phoneNumberId: phone,
      mediaId,
      items: [upload, download].filter((i) => i !== undefined),
      deleteStoredCopy: deleteStoredCopy ?? false,
    });
    return { mediaId, phoneNumberId: phone, ...result };
  },
});
