import { GetLinkedWhatsAppBusinessAccountPhoneNumberCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessaging } from '../aws/clients';
import type { LinkedPhone } from './accounts';
import { fromEumError } from './errors';

/** A linked number's fields, plus the WABA EUM reports it under. */
export interface PhoneDetails extends LinkedPhone {
  linkedWhatsAppBusinessAccountId?: string;
}

/** EUM Social's live view of one business number (GetLinkedWhatsAppBusinessAccountPhoneNumber), not the cache. */
export async function getPhoneDetails(phoneNumberId: string): Promise<PhoneDetails> {
  try {
    const out = await socialMessaging().send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id: phoneNumberId }));
    const p = out.phoneNumber;
    return {
      phoneNumberId: p?.phoneNumberId ?? phoneNumberId,
      arn: p?.arn ?? '',
      metaPhoneNumberId: p?.metaPhoneNumberId ?? '',
      phoneNumber: p?.phoneNumber ?? '',
      displayPhoneNumber: p?.displayPhoneNumber ?? '',
      displayPhoneNumberName: p?.displayPhoneNumberName ?? '',
      qualityRating: p?.qualityRating ?? 'UNKNOWN',
      ...(p?.dataLocalizationRegion ? { dataLocalizationRegion: p.dataLocalizationRegion } : {}),
      ...(out.linkedWhatsAppBusinessAccountId ? { linkedWhatsAppBusinessAccountId: out.linkedWhatsAppBusinessAccountId } : {}),
    };
  } catch (err) {
    return fromEumError(err, 'GetLinkedWhatsAppBusinessAccountPhoneNumber');
  }
}
