import { graphCall } from '../../shared/graph/client';
import type { GraphTarget } from '../../shared/graph/target';
import { saveLiveProfile, type ProfileOwner } from '../../shared/table/business-profiles';

/**
 * Reading the live profile, apart from the change fields' schemas (./profile-fields.ts): get_business_profile's
 * cold start builds none of them.
 */
export const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

export const ownerOf = (t: GraphTarget): ProfileOwner => ({ wabaId: t.wabaId, metaPhoneNumberId: t.metaPhoneNumberId, phoneNumberId: t.phone.phoneNumberId });

/** Reads the live profile from Graph and mirrors it in the PROFILE# item. */
export async function syncProfile(t: GraphTarget, update?: { fields: string[]; via: string }) {
  const out = await graphCall<{ data?: Record<string, unknown>[] }>({
    wabaId: t.wabaId,
    path: `${t.metaPhoneNumberId}/whatsapp_business_profile`,
    query: { fields: PROFILE_FIELDS },
  });
  const { messaging_product: _mp, ...profile } = out.data?.[0] ?? {};
  const syncedAt = await saveLiveProfile(ownerOf(t), profile, update);
  return { profile, syncedAt };
}
