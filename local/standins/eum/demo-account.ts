/**
 * The one linked WhatsApp Business Account (and its one phone number) that the local EUM Social stand-in serves.
 * Shapes are EUM's wire format (what the JSON body carries), not the SDK's parsed types: `linkDate` is epoch
 * seconds because the SDK refuses ISO strings for that timestamp.
 */

export const DEMO_AWS_ACCOUNT_ID = '123456789012';
export const DEMO_REGION = 'us-east-1';

/** WhatsAppPhoneNumberSummary / WhatsAppPhoneNumberDetail on the wire. */
export interface WirePhoneNumber {
  arn: string;
  phoneNumber: string;
  phoneNumberId: string;
  metaPhoneNumberId: string;
  displayPhoneNumberName: string;
  displayPhoneNumber: string;
  qualityRating: string;
  dataLocalizationRegion?: string;
}

/** LinkedWhatsAppBusinessAccountSummary on the wire. */
export interface WireWabaSummary {
  arn: string;
  id: string;
  wabaId: string;
  registrationStatus: 'COMPLETE' | 'INCOMPLETE';
  /** Epoch seconds. */
  linkDate: number;
  wabaName: string;
  eventDestinations: Array<{ eventDestinationArn: string; roleArn?: string }>;
  marketingMessagesOnboardingStatus?: string;
}

/** A linked WABA with its phone numbers: what the stand-in serves and what envelopes name in `context`. */
export interface LinkedAccount {
  awsAccountId: string;
  region: string;
  waba: WireWabaSummary;
  phones: WirePhoneNumber[];
}

export const DEMO_PHONE: WirePhoneNumber = {
  arn: `arn:aws:social-messaging:${DEMO_REGION}:${DEMO_AWS_ACCOUNT_ID}:phone-number-id/fedcba9876543210fedcba9876543210`,
  phoneNumber: '+15550100000',
  phoneNumberId: 'phone-number-id-fedcba9876543210fedcba9876543210',
  metaPhoneNumberId: '109876543210987',
  displayPhoneNumberName: 'Demo Business',
  displayPhoneNumber: '+1 555-010-0000',
  qualityRating: 'GREEN',
};

export const DEMO_WABA: WireWabaSummary = {
  arn: `arn:aws:social-messaging:${DEMO_REGION}:${DEMO_AWS_ACCOUNT_ID}:waba/0123456789abcdef0123456789abcdef`,
  id: 'waba-0123456789abcdef0123456789abcdef',
  wabaId: '1234567890123456',
  registrationStatus: 'COMPLETE',
  linkDate: 1_718_000_000, // 2024-06-10T06:13:20Z
  wabaName: 'Demo Business',
  eventDestinations: [],
};

export const DEMO_ACCOUNT: LinkedAccount = {
  awsAccountId: DEMO_AWS_ACCOUNT_ID,
  region: DEMO_REGION,
  waba: DEMO_WABA,
  phones: [DEMO_PHONE],
};

/** `arn:…:phone-number-id/<hex>` → `phone-number-id-<hex>` (the same conversion AWS samples use). */
export function phoneNumberIdFromArn(arn: string): string {
  return (arn.split(':').pop() ?? '').replace('/', '-');
}

/** `arn:…:waba/<hex>` → `waba-<hex>`. */
export function wabaIdFromArn(arn: string): string {
  return (arn.split(':').pop() ?? '').replace('/', '-');
}
