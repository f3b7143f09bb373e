import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getPhoneDetails } from '../../shared/eum/phone-details';
import { getQualityItem, recordQualityRating } from '../../shared/table/quality';
import { nowIso } from '../../shared/time';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { phonesFor, presentQuality } from './quality-view';

export const refreshQuality = defineAction({
  category: 'config',
  name: 'refresh_quality',
  description:
    "Reads each number's quality rating from EUM Social now and records it on its QUALITY item (qualityRating, qualityCheckedAt; a change also keeps previousQualityRating and qualityRatingChangedAt). Webhook-fed fields are left as they are.",
  input: z.object({ ...senderFields }),
  handler: async ({ metaWabaId, phoneNumberId }) => {
    const phones = await phonesFor({ metaWabaId, phoneNumberId });
    const quality = await Promise.all(
      phones.map(async (p) => {
        const [details, before] = await Promise.all([getPhoneDetails(p.phoneNumberId), getQualityItem(p.phoneNumberId)]);
        const checkedAt = nowIso();
        const after = await recordQualityRating(
          { phoneNumberId: p.phoneNumberId, phoneArn: p.arn, metaPhoneNumberId: p.metaPhoneNumberId, wabaId: p.wabaId, qualityRating: details.qualityRating, checkedAt },
          before?.qualityRating as string | undefined,
        );
        return { ...presentQuality(after, false), changed: before?.qualityRating !== undefined && before.qualityRating !== details.qualityRating };
      }),
    );
    return { quality, count: quality.length, refreshedAt: nowIso() };
  },
});
