import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listTemplates } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { listFilterFields, matchesFilters, wabaField } from './fields';

export const getTemplates = defineAction({
  category: 'templates',
  name: 'get_templates',
  description:
    "Lists the WABA's message templates from EUM Social (every page), optionally filtered by status, category, language and name prefix.",
  input: z.object({ ...wabaField, ...listFilterFields }),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const all = await listTemplates(waba.id);
    const templates = all.filter((t) => matchesFilters(t, input));
    return { metaWabaId: waba.wabaId, count: templates.length, total: all.length, templates };
  },
});
