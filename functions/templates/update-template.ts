import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ConflictError, UpstreamError, ValidationError } from '../../shared/errors';
import { updateTemplate, type MetaTemplate } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';
import { definitionFields, TEMPLATE_CATEGORIES } from '../../shared/templates/definition';
import { editVerdict, type EditVerdict } from '../../shared/templates/edit-rules';
import { updateRefusal } from '../../shared/templates/eum-refusals';
import { templateRuleProblems } from '../../shared/templates/rules';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { templateAliases, templateRefFields } from './fields';
import { targetTemplate } from './template-target';

/** A verdict becomes the response: 409 naming the state when the template's state forbids the edit, 400 per field. */
function refuse(verdict: EditVerdict, current: MetaTemplate, cause?: unknown): void {
  const options = cause === undefined ? undefined : { cause };
  if (verdict.conflict) {
    throw new ConflictError(verdict.conflict, { status: current.status, ...(verdict.problems.length ? { fields: verdict.problems } : {}) }, options);
  }
  if (verdict.problems.length) throw new ValidationError(verdict.problems, undefined, options);
}

/** EUM's refusal (Meta's rules behind it) named by field or state when it is a known one; anything else as it came. */
function refusedAsFields(err: unknown, current: MetaTemplate, components: unknown[] | undefined): never {
  if (err instanceof UpstreamError && err.statusCode === 400 && err.cause instanceof Error) {
    const verdict = updateRefusal(err.cause.message, { name: current.name, status: current.status, components: components as { type?: unknown }[] | undefined });
    if (verdict) refuse(verdict, current, err);
  }
  throw err;
}

export const updateTemplateAction = defineAction({
  category: 'templates',
  name: 'update_template',
  description:
    "Edits a template through EUM Social: its components (replaced as a whole), category or parameter format, checked against Meta's rules first. Meta allows editing APPROVED, REJECTED and PAUSED templates (an approved one once per 24 hours and keeps its category): another state is a 409 naming it. The edit is reviewed again (PENDING).",
  input: withAliases(
    z.object({
        ...templateRefFields,
        components: z.optional(definitionFields.components),
        category: z.optional(definitionFields.category),
        parameter_format: definitionFields.parameter_format,
        ctaUrlLinkTrackingOptedOut: z.optional(z.boolean()).check(
          z.describe('Opt out of Meta tracking clicks on URL buttons'),
        ),
      }).check(
      z.superRefine((v, ctx) => {
          if (!v.language && !v.metaTemplateId) ctx.addIssue({ code: 'custom', path: ['language'], message: 'required unless metaTemplateId is given' });
          if (!v.components && !v.category && !v.parameter_format && v.ctaUrlLinkTrackingOptedOut === undefined) {
            ctx.addIssue({ code: 'custom', path: ['components'], message: 'nothing to change: give components, category, parameter_format or ctaUrlLinkTrackingOptedOut' });
          }
        }),
    ),
    { ...templateAliases, parameterFormat: 'parameter_format' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const current = await targetTemplate(waba, input);
    const verdict = editVerdict(current, input);
    const category = (input.category ?? String(current.category ?? '').toUpperCase()) as (typeof TEMPLATE_CATEGORIES)[number];
    const format = input.parameter_format ?? (String(current.parameter_format ?? '').toLowerCase() === 'named' ? 'named' : 'positional');
    if (input.components && !verdict.conflict) verdict.problems.push(...templateRuleProblems({ category, components: input.components, parameter_format: format }));
    refuse(verdict, current);
    await updateTemplate(waba.id, {
      metaTemplateId: current.id!,
      category: input.category,
      parameterFormat: input.parameter_format,
      components: input.components,
      ctaUrlLinkTrackingOptedOut: input.ctaUrlLinkTrackingOptedOut,
    }).catch((err: unknown) => refusedAsFields(err, current, input.components));
    const after = await fetchAndStoreTemplate(waba, { metaTemplateId: current.id });
    return { metaWabaId: waba.wabaId, name: current.name, language: current.language, metaTemplateId: current.id, status: after?.status ?? 'PENDING' };
  },
});
