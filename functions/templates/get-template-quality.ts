import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolveWaba } from '../../shared/eum/waba';
import { listTemplateDefinitions } from '../../shared/table/templates';
import { templateNameSchema } from '../../shared/templates/definition';
import { wabaField } from './fields';

export const getTemplateQuality = defineAction({
  category: 'templates',
  name: 'get_template_quality',
  description:
    "Each template's quality score (GREEN, YELLOW, RED, UNKNOWN) and status as the table holds them (template webhooks and syncs keep them current); RED templates are paused by Meta.",
  input: z.object({ ...wabaField, name: z.optional(templateNameSchema).check(z.describe('Only this template')) }),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const items = (await listTemplateDefinitions(waba.wabaId)).filter((i) => i.status !== 'DELETED' && (!input.name || i.templateName === input.name));
    const templates = items.map((i) => ({
      name: i.templateName,
      language: i.language,
      status: i.status,
      qualityScore: i.qualityScore ?? 'UNKNOWN',
      ...(i.previousQualityScore ? { previousQualityScore: i.previousQualityScore } : {}),
      ...(i.qualityAt ? { qualityAt: i.qualityAt } : {}),
    }));
    const byScore: Record<string, number> = {};
    for (const t of templates) byScore[t.qualityScore] = (byScore[t.qualityScore] ?? 0) + 1;
    return { metaWabaId: waba.wabaId, count: templates.length, byScore, templates };
  },
});
