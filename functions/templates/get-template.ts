import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { resolveWaba } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';
import { getTemplateDefinition, presentTemplate } from '../../shared/table/templates';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { templateAliases, templateRefFields } from './fields';

export const getTemplate = defineAction({
  category: 'templates',
  name: 'get_template',
  description:
    "One template's definition with its components, from EUM Social (by name and language, or metaTemplateId); the local copy is refreshed with it.",
  input: withAliases(
    z.object(templateRefFields).check(
      z.superRefine((v, ctx) => {
        if (!v.language && !v.metaTemplateId) ctx.addIssue({ code: 'custom', path: ['language'], message: 'required unless metaTemplateId is given' });
      }),
    ),
    templateAliases,
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const template = await fetchAndStoreTemplate(waba, input.metaTemplateId ? { metaTemplateId: input.metaTemplateId } : { name: input.name, language: input.language });
    if (!template) throw new NotFoundError(`Template ${input.name} (${input.metaTemplateId ?? input.language}) does not exist in WABA ${waba.wabaId}; get_templates lists them`);
    if (template.name !== input.name) {
      throw new ValidationError([{ field: 'metaTemplateId', reason: `belongs to template ${template.name}, not ${input.name}` }]);
    }
    const stored = await getTemplateDefinition(waba.wabaId, template.name, template.language);
    return { metaWabaId: waba.wabaId, template, stored: stored ? presentTemplate(stored) : undefined };
  },
});
