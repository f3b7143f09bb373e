import { resolvePhone, type PhoneSelector, type ResolvedPhone } from '../eum/accounts';

/** The Graph ids of the business number a request speaks for: Meta's WABA id (whose token signs) and phone id. */
export interface GraphTarget {
  wabaId: string;
  metaPhoneNumberId: string;
  phone: ResolvedPhone;
}

export async function graphTarget(sel: PhoneSelector): Promise<GraphTarget> {
  const phone = await resolvePhone(sel);
  return { wabaId: phone.account.wabaId, metaPhoneNumberId: phone.metaPhoneNumberId, phone };
}
