import { inboundMediaPrefix } from '../ingest/inbound/media';
import { mediaKeyPrefix } from './download';
import { uploadKeyFor } from './presign';

/**
 * The media bucket's layout, in one place for the actions that describe it (eum_generate_s3_path,
 * eum_list_waba_folders, eum_get_media_stats). The key builders stay with the code that writes there.
 */
export const BUCKET_LAYOUT = [
  { prefix: 'uploads/', pattern: 'uploads/<uuid>/<fileName>', writtenBy: 'get_upload_url (files clients place for sending)' },
  { prefix: 'media/', pattern: 'media/<phoneNumberId>/<mediaId>.<ext>', writtenBy: 'download_media (copies of WhatsApp media)' },
  { prefix: 'inbound/', pattern: 'inbound/<phoneNumberId>/<mediaId>.<ext>', writtenBy: "ingest (customers' media, saved on arrival)" },
  { prefix: 'exports/', pattern: 'exports/<yyyy-mm-dd>/<uuid>.<jsonl|csv>', writtenBy: 'export_messages' },
] as const;

/** Prefixes whose second segment is a business number's phone-number-id. */
export const PHONE_PREFIXES = ['media/', 'inbound/'] as const;

export { inboundMediaPrefix, mediaKeyPrefix, uploadKeyFor };

/** The phone-number-id a key belongs to (media/ and inbound/ keys), else undefined. */
export function phoneOfKey(key: string): string | undefined {
  const [top, phone] = key.split('/');
  return PHONE_PREFIXES.includes(`${top}/` as (typeof PHONE_PREFIXES)[number]) && phone ? phone : undefined;
}
