import { DeleteWhatsAppMessageMediaCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessaging } from '../../shared/aws/clients';
import { fromEumError } from '../../shared/eum/errors';
import { deleteMediaItem, markDeletedFromWhatsApp, type MediaItem } from '../../shared/table/media';
import { nowIso } from '../../shared/time';
import { deleteObject } from '../../shared/media/objects';

export interface MediaDeletion {
  /** false when WhatsApp no longer had the media (expired or deleted before) and the stored copy was deleted anyway. */
  deletedFromWhatsApp: boolean;
  deletedObjects: string[];
  deletedItems: string[];
}

/**
 * Deletes a media id at WhatsApp. Its items are either marked (`deletedFromWhatsAppAt`: the stored copy stays
 * usable) or, with `deleteStoredCopy`, removed with their S3 objects. When cleaning up, media WhatsApp no longer
 * knows is not an error: uploads expire after 30 days and inbound media ids after 7.
 */
export async function deleteWhatsAppMedia(opts: {
  phoneNumberId: string;
  mediaId: string;
  items: MediaItem[];
  deleteStoredCopy: boolean;
}): Promise<MediaDeletion> {
  let deletedFromWhatsApp = true;
  try {
    await socialMessaging().send(
      new DeleteWhatsAppMessageMediaCommand({ originationPhoneNumberId: opts.phoneNumberId, mediaId: opts.mediaId }),
    );
  } catch (err) {
    if (!(opts.deleteStoredCopy && (err as Error)?.name === 'ResourceNotFoundException')) fromEumError(err, 'DeleteWhatsAppMessageMedia');
    deletedFromWhatsApp = false;
  }

  if (!opts.deleteStoredCopy) {
    const at = nowIso();
    await Promise.all(opts.items.map((i) => markDeletedFromWhatsApp(i, at)));
    return { deletedFromWhatsApp, deletedObjects: [], deletedItems: [] };
  }
  const keys = [...new Set(opts.items.map((i) => i.s3Key))];
  await Promise.all(keys.map(deleteObject));
  await Promise.all(opts.items.map((i) => deleteMediaItem(i)));
  return { deletedFromWhatsApp, deletedObjects: keys, deletedItems: opts.items.map((i) => i.pk) };
}
