import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { getPhoneDetails } from '../../shared/eum/phone-details';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { getQualityItem } from '../../shared/table/quality';
import { standingOf } from './phone-status';

export const getPhoneInfo = defineAction({
  category: 'config',
  name: 'get_phone_info',
  description:
    "One business number as EUM Social reports it now (number, display name, quality rating, data region) with its messaging limit tier (from Meta's quality webhooks; unknown until the first one) and throughput: 80 messages/s by default.",
  input: z.object({ ...senderFields }),
  handler: async ({ metaWabaId, phoneNumberId }) => {
    const phone = await resolvePhone({ metaWabaId, phoneNumberId });
    const [details, quality] = await Promise.all([getPhoneDetails(phone.phoneNumberId), getQualityItem(phone.phoneNumberId)]);
    return {
      phone: { ...details, metaWabaId: phone.account.wabaId, wabaName: phone.account.wabaName },
      ...standingOf(details, quality),
      // Meta's default throughput; a higher one (up to 1,000/s) is granted by Meta and not visible through EUM Social.
      throughput: { messagesPerSecond: 80, note: 'Meta default; numbers Meta upgraded send up to 1,000/s' },
      nameStatus: {
        displayPhoneNumberName: details.displayPhoneNumberName,
        note: 'Name review results arrive as phone_number_name_update webhooks (WEBHOOK_EVENT items)',
      },
    };
  },
});
