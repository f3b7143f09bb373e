import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { graphTarget } from '../../shared/graph/target';
import { savePendingChanges } from '../../shared/table/business-profiles';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { profileChangeFields } from './profile-fields';
import { ownerOf, syncProfile } from './profile-sync';

const fields = Object.keys(profileChangeFields) as (keyof typeof profileChangeFields)[];

export const updateBusinessProfile = defineAction({
  category: 'business-profile',
  name: 'update_business_profile',
  description:
    'Updates the live WhatsApp business profile through Graph (about ≤139, address ≤256, description ≤512, email, vertical, up to 2 websites), each checked first. With apply: false the changes are only kept for applying by hand (see get_business_profile_apply_instructions).',
  input: z.object({
      ...profileChangeFields,
      apply: z._default(z.boolean(), true).check(
        z.describe('false: keep the changes for applying by hand in WhatsApp Manager instead'),
      ),
      ...senderFields,
    }).check(
    z.refine((v) => fields.some((f) => v[f] !== undefined), { message: `give at least one of ${fields.join(', ')}`, path: ['about'] }),
  ),
  handler: async (input) => {
    const changes = Object.fromEntries(fields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
    const target = await graphTarget(input);
    if (!input.apply) {
      const item = await savePendingChanges(ownerOf(target), changes);
      return { metaWabaId: target.wabaId, applied: false, pendingChanges: item.pendingChanges, pendingSince: item.pendingSince, next: 'get_business_profile_apply_instructions' };
    }
    await graphCall({ wabaId: target.wabaId, method: 'POST', path: `${target.metaPhoneNumberId}/whatsapp_business_profile`, json: { messaging_product: 'whatsapp', ...changes } });
    const { profile, syncedAt } = await syncProfile(target, { fields: Object.keys(changes), via: 'update_business_profile' });
    return { metaWabaId: target.wabaId, phoneNumberId: target.phone.phoneNumberId, applied: true, updatedFields: Object.keys(changes), profile, syncedAt };
  },
});
