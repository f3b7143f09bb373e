import * as z from '../zod';
import { metaWabaIdSchema, phoneNumberIdSchema } from './schemas/ids';

/** Accepts the seed's snake_case spelling of a field as well as ours, e.g. preview_url for previewUrl. */
export function withAliases<S extends z.ZodMiniType>(schema: S, aliases: Record<string, string>) {
  return z.pipe(z.transform((input) => {
    if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
    const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    for (const [alias, name] of Object.entries(aliases)) {
      if (alias in copy && !(name in copy)) copy[name] = copy[alias];
      delete copy[alias];
    }
    return copy;
  }), schema);
}

/** Which business phone number speaks: the seed's metaWabaId, or a phone number id. Both optional with one number. */
export const senderFields = {
  metaWabaId: z.optional(metaWabaIdSchema).check(z.describe("Meta's WABA id; picks that account's phone number")),
  phoneNumberId: z.optional(phoneNumberIdSchema).check(
    z.describe("EUM phone-number-id-…, its ARN, or Meta's phone number id"),
  ),
};

/** Free-form sends only (not read by the conversation actions, hence not in senderFields). */
export const windowFields = {
  enforceWindow: z.optional(z.boolean()).check(
    z.describe('Set false to skip the 24-hour customer-service window check and let Meta decide'),
  ),
};
