import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { resolvePhone } from '../../shared/eum/accounts';
import { getBusinessProfileItem, markPendingApplied, type ProfileOwner } from '../../shared/table/business-profiles';
import { senderFields } from '../../shared/whatsapp/schema-helpers';

/** The seed's manual path: changes kept with update_business_profile {apply: false}, applied in WhatsApp Manager. */
async function ownerFor(sel: { metaWabaId?: string; phoneNumberId?: string }): Promise<ProfileOwner> {
  const phone = await resolvePhone(sel);
  return { wabaId: phone.account.wabaId, metaPhoneNumberId: phone.metaPhoneNumberId, phoneNumberId: phone.phoneNumberId };
}

export const getBusinessProfileApplyInstructions = defineAction({
  category: 'business-profile',
  name: 'get_business_profile_apply_instructions',
  description: 'The profile changes kept for applying by hand (update_business_profile with apply: false) and the steps to apply them in WhatsApp Manager.',
  input: z.object({ ...senderFields }),
  handler: async (input) => {
    const owner = await ownerFor(input);
    const item = await getBusinessProfileItem(owner);
    const pending = item?.pendingChanges ?? {};
    const hasPending = Object.keys(pending).length > 0;
    return {
      metaWabaId: owner.wabaId,
      pendingChanges: pending,
      pendingSince: item?.pendingSince ?? null,
      lastAppliedAt: item?.appliedAt ?? null,
      instructions: hasPending
        ? [
            'Open WhatsApp Manager (business.facebook.com/wa/manage) and choose this WhatsApp Business Account.',
            `Open Phone numbers, then the number's Settings > Profile (phone number id ${owner.metaPhoneNumberId}).`,
            ...Object.entries(pending).map(([k, v]) => `Set ${k} to ${JSON.stringify(v)}.`),
            'Save, then call mark_business_profile_applied. (Or apply them through Graph at once: update_business_profile with the same fields.)',
          ]
        : ['Nothing is waiting: update_business_profile with apply: false keeps changes for applying by hand.'],
    };
  },
});

export const markBusinessProfileApplied = defineAction({
  category: 'business-profile',
  name: 'mark_business_profile_applied',
  description: 'Records that the changes kept for applying by hand were applied in WhatsApp Manager.',
  input: z.object({ ...senderFields }),
  handler: async (input) => {
    const owner = await ownerFor(input);
    const item = await markPendingApplied(owner);
    if (!item) throw new NotFoundError('No profile changes are waiting to be applied; keep some with update_business_profile {apply: false}');
    return { metaWabaId: owner.wabaId, appliedChanges: item.appliedChanges, appliedAt: item.appliedAt };
  },
});
