import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { createFromLibrary } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';
import { templateLanguageSchema, templateNameSchema } from '../../shared/templates/definition';
import { rethrowCreateRefusal } from '../../shared/templates/eum-refusals';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { wabaField } from './fields';

const buttonInput = z.object({
  type: z.enum(['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'OTP', 'MPM', 'CATALOG', 'FLOW', 'VOICE_CALL', 'APP']).check(
    z.describe('The library button this input fills'),
  ),
  phoneNumber: z.optional(z.string().check(z.regex(/^\+?[0-9]{1,20}$/, 'must be a phone number: digits with an optional +'))),
  url: z.optional(z.object({ base_url: z.url({ protocol: /^https?$/ }), url_suffix_example: z.optional(z.string()) })).check(
    z.describe('URL buttons: {base_url, url_suffix_example}'),
  ),
  otpType: z.optional(z.enum(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'])),
  zeroTapTermsAccepted: z.optional(z.boolean()),
  supportedApps: z.optional(z.array(z.object({ package_name: z.string(), signature_hash: z.string().check(z.length(11)) })).check(
    z.maxLength(10),
  )),
});

export const useLibraryTemplate = defineAction({
  category: 'templates',
  name: 'use_library_template',
  description:
    "Creates a template from Meta's template library (get_template_library) through EUM Social, with your name, language and the inputs its buttons need (URL, phone number, OTP) and body options. Library templates are pre-approved.",
  input: withAliases(
    z.object({
      ...wabaField,
      name: templateNameSchema.check(z.describe('Name of the new template')),
      libraryTemplateName: z.string().check(
        z.minLength(1),
        z.describe("The library template's name, e.g. delivery_update_1"),
      ),
      category: z._default(z.pipe(z.transform((v) => (typeof v === 'string' ? v.toUpperCase() : v)), z.enum(['UTILITY', 'AUTHENTICATION'])), 'UTILITY').check(
        z.describe('UTILITY or AUTHENTICATION'),
      ),
      language: templateLanguageSchema,
      buttonInputs: z.optional(z.array(buttonInput).check(z.maxLength(10))).check(
        z.describe("Required when the library template has URL or phone buttons"),
      ),
      bodyInputs: z.optional(z.object({
          addContactNumber: z.optional(z.boolean()),
          addLearnMoreLink: z.optional(z.boolean()),
          addSecurityRecommendation: z.optional(z.boolean()),
          addTrackPackageLink: z.optional(z.boolean()),
          codeExpirationMinutes: z.optional(z.number().check(z.int(), z.gte(1), z.lte(90))),
        })),
    }),
    { library_template_name: 'libraryTemplateName', template_name: 'name', button_inputs: 'buttonInputs', body_inputs: 'bodyInputs' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const created = await createFromLibrary(waba.id, {
      templateName: input.name,
      libraryTemplateName: input.libraryTemplateName,
      templateCategory: input.category,
      templateLanguage: input.language,
      libraryTemplateButtonInputs: input.buttonInputs?.map((b) => ({ ...b, url: b.url as Record<string, string> | undefined, supportedApps: b.supportedApps })),
      libraryTemplateBodyInputs: input.bodyInputs,
    }).catch((err: unknown) => rethrowCreateRefusal(err, { name: input.name, language: input.language }));
    await fetchAndStoreTemplate(waba, { metaTemplateId: created.metaTemplateId });
    return { metaWabaId: waba.wabaId, name: input.name, language: input.language, libraryTemplateName: input.libraryTemplateName, ...created };
  },
});
