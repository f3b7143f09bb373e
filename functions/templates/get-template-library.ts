import * as z from 'zod';
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
      search: z.string().min(1).max(200).optional().describe('Text to search in names and bodies'),
      topic: z.string().min(1).optional().describe('e.g. ACCOUNT_UPDATE, CUSTOMER_FEEDBACK, ORDER_MANAGEMENT, PAYMENTS'),
      usecase: z.string().min(1).optional().describe('e.g. DELIVERY_UPDATE, PAYMENT_CONFIRMATION'),
      industry: z.string().min(1).optional().describe('E_COMMERCE or FINANCIAL_SERVICES'),
      language: templateLanguageSchema.optional(),
      limit: z.number().int().min(1).max(100).default(25).describe('Templates per page (1-100)'),
      cursor: z.string().min(1).optional().describe('nextCursor of the previous page'),
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
