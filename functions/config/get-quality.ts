import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getQualityItem } from '../../shared/table/quality';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { TIER_LIMITS } from './phone-status';
import { phonesFor, presentQuality } from './quality-view';

export const getQuality = defineAction({
  category: 'config',
  name: 'get_quality',
  description:
    "The stored QUALITY item of one number (or of every linked number): the messaging limit tier and events from Meta's phone_number_quality_update webhooks, and the quality rating last read by refresh_quality. A number nothing was recorded for yet says so (found: false).",
  input: z.object({
    ...senderFields,
    includeHistory: z._default(z.boolean(), false).check(z.describe('Include every quality event received')),
  }),
  handler: async ({ metaWabaId, phoneNumberId, includeHistory }) => {
    const phones = await phonesFor({ metaWabaId, phoneNumberId });
    const quality = await Promise.all(
      phones.map(async (p) => {
        const item = await getQualityItem(p.phoneNumberId);
        if (!item) return { phoneNumberId: p.phoneNumberId, metaWabaId: p.wabaId, displayPhoneNumber: p.displayPhoneNumber, found: false };
        const tier = item.currentLimit as string | undefined;
        return {
          ...presentQuality(item, includeHistory),
          found: true,
          ...(tier && TIER_LIMITS[tier] !== undefined ? { businessInitiatedPer24h: TIER_LIMITS[tier] } : {}),
        };
      }),
    );
    return { quality, count: quality.length };
  },
});
