import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolveWaba } from '../../shared/eum/waba';
import { listTemplateDefinitions, presentTemplate } from '../../shared/table/templates';
import { listFilterFields, matchesFilters, wabaField } from './fields';

export const getLocalTemplates = defineAction({
  category: 'templates',
  name: 'get_local_templates',
  description:
    'The templates stored in the table (from syncs, creates and template webhooks: status, quality, category), without calling EUM Social.',
  input: z.object({ ...wabaField, ...listFilterFields, includeDeleted: z._default(z.boolean(), false).check(
    z.describe('Also list templates deleted at Meta'),
  ) }),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const items = await listTemplateDefinitions(waba.wabaId);
    const templates = items
      .filter((i) => input.includeDeleted || i.status !== 'DELETED')
      .filter((i) => matchesFilters({ name: i.templateName, status: i.status, category: i.category, language: i.language }, input))
      .sort((a, b) => `${a.templateName}#${a.language}`.localeCompare(`${b.templateName}#${b.language}`))
      .map(presentTemplate);
    return { metaWabaId: waba.wabaId, count: templates.length, templates };
  },
});
