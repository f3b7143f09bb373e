import * as z from '../../shared/zod';
import { templateLanguageSchema, templateNameSchema } from '../../shared/templates/definition';

/** Fields the template actions share. */
export const wabaField = {
  metaWabaId: z.optional(z.string().check(z.minLength(1))).check(
    z.describe("Meta's WABA id (or EUM's waba-… id); optional with one linked account"),
  ),
};

export const templateRefFields = {
  ...wabaField,
  name: templateNameSchema,
  language: z.optional(templateLanguageSchema).check(z.describe('Language code, e.g. en_US')),
  metaTemplateId: z.optional(z.string().check(z.regex(/^[0-9]+$/, "must be Meta's numeric template id"))).check(
    z.describe("Meta's template id"),
  ),
};

export const STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'FLAGGED', 'REINSTATED', 'LIMIT_EXCEEDED', 'ARCHIVED', 'UNARCHIVED', 'LOCKED'] as const;

const upperEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(z.transform((v) => (typeof v === 'string' ? v.toUpperCase() : v)), z.enum(values));

export const listFilterFields = {
  status: z.optional(upperEnum(STATUSES)).check(z.describe('Only templates in this status')),
  category: z.optional(upperEnum(['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const)).check(
    z.describe('Only this category'),
  ),
  language: z.optional(templateLanguageSchema).check(z.describe('Only this language')),
  namePrefix: z.optional(z.string().check(z.minLength(1))).check(z.describe('Only names starting with this')),
};

export function matchesFilters(
  t: { name: string; status?: string; category?: string; language: string },
  f: { status?: string; category?: string; language?: string; namePrefix?: string },
): boolean {
  return (
    (!f.status || t.status === f.status) &&
    (!f.category || t.category === f.category) &&
    (!f.language || t.language === f.language) &&
    (!f.namePrefix || t.name.startsWith(f.namePrefix))
  );
}

/** The seed's snake_case spellings. */
export const templateAliases = {
  template_name: 'name',
  templateName: 'name',
  language_code: 'language',
  languageCode: 'language',
  meta_template_id: 'metaTemplateId',
  templateId: 'metaTemplateId',
  template_id: 'metaTemplateId',
};
