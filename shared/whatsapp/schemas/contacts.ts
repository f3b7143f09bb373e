import * as z from '../../zod';
import { metaLimit } from './common';

/**
 * Meta's `contacts` message: an array of contact cards in Meta's own (snake_case) shape, so cards copied from Meta's
 * docs or from an inbound contacts message work unchanged. Only `name.formatted_name` is required.
 */

const optionalText = z.optional(z.string().check(z.minLength(1, 'must not be empty')));

const contactCard = z.object({
  name: z.object({
    formatted_name: z.string().check(z.trim(), z.minLength(1, 'required: the name shown in the message')),
    first_name: optionalText,
    last_name: optionalText,
    middle_name: optionalText,
    suffix: optionalText,
    prefix: optionalText,
  }),
  phones: z.optional(z.array(z.object({ phone: optionalText, type: optionalText, wa_id: optionalText }))),
  emails: z.optional(z.array(z.object({ email: z.optional(z.email('must be an email address')), type: optionalText }))),
  addresses: z.optional(z.array(
      z.object({
        street: optionalText,
        city: optionalText,
        state: optionalText,
        zip: optionalText,
        country: optionalText,
        country_code: z.optional(z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO country code'))),
        type: optionalText,
      }),
    )),
  org: z.optional(z.object({ company: optionalText, department: optionalText, title: optionalText })),
  urls: z.optional(z.array(z.object({ url: z.optional(z.url('must be a URL')), type: optionalText }))),
  birthday: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'))),
});

export const MAX_CONTACTS = 257;

export const contactsField = z.array(contactCard).check(
  z.minLength(1, 'at least 1 contact'),
  z.maxLength(MAX_CONTACTS, metaLimit(MAX_CONTACTS, 'contacts')),
  z.describe("Meta's contact cards: [{name: {formatted_name, …}, phones?, emails?, addresses?, org?, urls?, birthday?}]"),
);

export type ContactCard = z.output<typeof contactCard>;

/** zod has already dropped unknown keys; JSON drops the undefined ones. */
export const buildContacts = (cards: ContactCard[]): Record<string, unknown>[] => JSON.parse(JSON.stringify(cards));

export function contactsPreview(cards: ContactCard[]): string {
  const names = cards.map((c) => c.name.formatted_name);
  const shown = names.slice(0, 3).join(', ');
  return `[contact${cards.length > 1 ? 's' : ''}] ${shown}${names.length > 3 ? ` +${names.length - 3}` : ''}`.slice(0, 200);
}
