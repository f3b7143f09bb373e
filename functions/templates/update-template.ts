import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { updateTemplate } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';
import { definitionFields, TEMPLATE_CATEGORIES } from '../../shared/templates/definition';
import { templateRuleProblems } from '../../shared/templates/rules';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { templateAliases, templateRefFields } from './fields';
import { targetTemplate } from './template-target';

export const updateTemplateAction = defineAction({
  category: 'templates',
  name: 'update_template',
  description:
    "Edits a template through EUM Social: its components (replaced as a whole), category or parameter format, checked against Meta's rules first. Meta allows editing APPROVED, REJECTED and PAUSED templates (an approved one once per 24 hours and keeps its category); the edit is reviewed again (PENDING).",
  input: withAliases(
    z
      .object({
        ...templateRefFields,
        components: definitionFields.components.optional(),
        category: definitionFields.category.optional(),
        parameter_format: definitionFields.parameter_format,
        ctaUrlLinkTrackingOptedOut: z.boolean().optional().describe('Opt out of Meta tracking clicks on URL buttons'),
      })
      .superRefine((v, ctx) => {
        if (!v.language && !v.metaTemplateId) ctx.addIssue({ code: 'custom', path: ['language'], message: 'required unless metaTemplateId is given' });
        if (!v.components && !v.category && !v.parameter_format && v.ctaUrlLinkTrackingOptedOut === undefined) {
          ctx.addIssue({ code: 'custom', path: ['components'], message: 'nothing to change: give components, category, parameter_format or ctaUrlLinkTrackingOptedOut' });
        }
      }),
    { ...templateAliases, parameterFormat: 'parameter_format' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const current = await targetTemplate(waba, input);
    const category = (input.category ?? String(current.category ?? '').toUpperCase()) as (typeof TEMPLATE_CATEGORIES)[number];
    const format = input.parameter_format ?? (String(current.parameter_format ?? '').toLowerCase() === 'named' ? 'named' : 'positional');
    if (input.components) {
      const problems = templateRuleProblems({ category, components: input.components, parameter_format: format });
      if (problems.length) throw new ValidationError(problems);
    }
    await updateTemplate(waba.id, {
      metaTemplateId: current.id!,
      category: input.category,
      parameterFormat: input.parameter_format,
      components: input.components,
      ctaUrlLinkTrackingOptedOut: input.ctaUrlLinkTrackingOptedOut,
    });
    const after = await fetchAndStoreTemplate(waba, { metaTemplateId: current.id });
    return { metaWabaId: waba.wabaId, name: current.name, language: current.language, metaTemplateId: current.id, status: after?.status ?? 'PENDING' };
  },
});
