import * as z from '../../shared/zod';
import { graphTarget, type GraphTarget } from '../../shared/graph/target';
import type { GroupOwner } from '../../shared/table/groups';

/** Group ids go into Graph paths: only the characters Meta's ids use. */
export const groupIdField = z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.regex(/^[A-Za-z0-9_=.-]+$/, "must be a group id from get_groups or create_group's webhook (letters, digits, _ = . -)"),
);

export const subjectField = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(128, 'at most 128 characters (Meta limit)'),
);
export const descriptionField = z.string().check(z.maxLength(2048, 'at most 2048 characters (Meta limit)'));

/** A participant: an E.164 number or wa_id (digits). */
export const participantField = z.pipe(z.string().check(
  z.regex(/^\+?[\d\s().-]{6,20}$/, 'must be a phone number (E.164) or wa_id'),
), z.transform((v) => v.replace(/\D/g, '')));

export const groupOwner = (t: GraphTarget): GroupOwner => ({
  wabaId: t.wabaId,
  metaPhoneNumberId: t.metaPhoneNumberId,
  phoneNumberId: t.phone.phoneNumberId,
  phoneArn: t.phone.arn,
});

export { graphTarget };

export const WHATSAPP_CANNOT_ADD =
  'WhatsApp does not let a business add people to a group: send them the invite link (a participant joins by tapping it), or approve their join request.';
