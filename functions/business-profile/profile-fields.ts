import * as z from 'zod';

/** Meta's business profile fields and their limits (reference/meta-templates-flows-graph.md §3.3). */
export const VERTICALS = [
  'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL',
  'NONPROFIT', 'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL',
] as const;

export const profileChangeFields = {
  about: z.string().min(1, 'must not be empty').max(139, 'at most 139 characters (Meta limit)').optional().describe('The "About" text (1-139 characters)'),
  address: z.string().max(256, 'at most 256 characters (Meta limit)').optional(),
  description: z.string().max(512, 'at most 512 characters (Meta limit)').optional(),
  email: z.union([z.literal(''), z.email('must be an email address').max(128, 'at most 128 characters (Meta limit)')]).optional(),
  vertical: z.enum(['', ...VERTICALS], { error: `must be one of ${VERTICALS.join(', ')} (or "" to clear)` }).optional(),
  websites: z
    .array(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).max(256, 'at most 256 characters (Meta limit)'))
    .max(2, 'at most 2 websites (Meta limit)')
    .optional(),
};
