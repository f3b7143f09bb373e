import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphTarget } from '../../shared/graph/target';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { syncProfile } from './profile-sync';

export const getBusinessProfile = defineAction({
  category: 'business-profile',
  name: 'get_business_profile',
  description: "Reads the business number's live WhatsApp profile from Meta's Graph API and mirrors it in the PROFILE# item.",
  input: z.object({ ...senderFields }),
  handler: async (input) => {
    const target = await graphTarget(input);
    const { profile, syncedAt } = await syncProfile(target);
    return { metaWabaId: target.wabaId, phoneNumberId: target.phone.phoneNumberId, profile, syncedAt, source: 'graph' };
  },
});
