import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listLibrary } from '../../shared/eum/templates';
import { UpstreamError, ValidationError } from '../../shared/errors';
import { resolveWaba } from '../../shared/eum/waba';
import { templateLanguageSchema } from '../../shared/templates/definition';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { wabaField } from './fields';

export const getTemplateLibrary = defineAction({
  category: 'templates',
  name: 'get_template_library',
  description:
    "Browses Meta's template library (pre-approved utility and authentication templates) through EUM Social, filtered by search text, topic, use case, industry and language. use_library_template creates one of them.",
  input: withAliases(
    z.object({
      ...wabaField,
      search: z.optional(z.string().check(z.minLength(1), z.maxLength(200))).check(
        z.describe('Text to search in names and bodies'),
      ),
      topic: z.optional(z.string().check(z.minLength(1))).check(
        z.describe('e.g. ACCOUNT_UPDATE, CUSTOMER_FEEDBACK, ORDER_MANAGEMENT, PAYMENTS'),
      ),
      usecase: z.optional(z.string().check(z.minLength(1))).check(
        z.describe('e.g. DELIVERY_UPDATE, PAYMENT_CONFIRMATION'),
      ),
      industry: z.optional(z.string().check(z.minLength(1))).check(z.describe('E_COMMERCE or FINANCIAL_SERVICES')),
      language: z.optional(templateLanguageSchema),
      limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 25).check(
        z.describe('Templates per page (1-100)'),
      ),
      cursor: z.optional(z.string().check(z.minLength(1))).check(z.describe('nextCursor of the previous page')),
    }),
    { searchKey: 'search', useCase: 'usecase', use_case: 'usecase' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const filters = Object.fromEntries(
      Object.entries({ searchKey: input.search, topic: input.topic, usecase: input.usecase, industry: input.industry, language: input.language }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const page = await listLibrary(waba.id, filters, { maxResults: input.limit, nextToken: input.cursor }).catch((err: unknown) => {
      // EUM's "The nextToken is not valid" is about our cursor field: say so, naming it, as every other 400 does.
      if (input.cursor && err instanceof UpstreamError && err.statusCode === 400 && /nextToken/i.test(err.message)) {
        throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor returned by get_template_library (pass nextCursor unchanged)' }]);
      }
      throw err;
    });
    return { metaWabaId: waba.wabaId, count: page.templates.length, templates: page.templates, ...(page.nextToken ? { nextCursor: page.nextToken } : {}) };
  },
});
