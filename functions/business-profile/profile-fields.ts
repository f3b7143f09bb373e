import * as z from '../../shared/zod';

/** Meta's business profile fields and their limits (reference/meta-templates-flows-graph.md §3.3). */
export const VERTICALS = [
  'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL',
  'NONPROFIT', 'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL',
] as const;

export const profileChangeFields = {
  about: z.optional(z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(139, 'at most 139 characters (Meta limit)'),
  )).check(
    z.describe('The "About" text (1-139 characters)'),
  ),
  address: z.optional(z.string().check(z.maxLength(256, 'at most 256 characters (Meta limit)'))),
  description: z.optional(z.string().check(z.maxLength(512, 'at most 512 characters (Meta limit)'))),
  email: z.optional(z.union([z.literal(''), z.email('must be an email address').check(
    z.maxLength(128, 'at most 128 characters (Meta limit)'),
  )])),
  vertical: z.optional(z.enum(['', ...VERTICALS], { error: `must be one of ${VERTICALS.join(', ')} (or "" to clear)` })),
  websites: z.optional(z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).check(
      z.maxLength(256, 'at most 256 characters (Meta limit)'),
    )).check(
    z.maxLength(2, 'at most 2 websites (Meta limit)'),
  )),
};
