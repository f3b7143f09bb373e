import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { updateFlowJson, updateFlowMetadata } from '../../shared/eum/flows';
import { resolveWaba } from '../../shared/eum/waba';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { categoriesField, flowAliases, flowIdField, flowJsonField, wabaField } from './fields';

export const updateFlowAction = defineAction({
  category: 'flows',
  name: 'update_flow',
  description:
    "Changes a Flow's name or categories and, for a DRAFT, its Flow JSON (UpdateWhatsAppFlow, UpdateWhatsAppFlowAssets). When Meta finds errors in the JSON, the answer is a 400 listing each one (the draft keeps the new JSON so you can fix it).",
  input: withAliases(
    z.object({ ...wabaField, flowId: flowIdField, name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))), categories: z.optional(categoriesField), flowJson: z.optional(flowJsonField) }).check(
      z.superRefine((v, ctx) => {
          if (v.name === undefined && v.categories === undefined && v.flowJson === undefined) {
            ctx.addIssue({ code: 'custom', path: ['flowJson'], message: 'nothing to change: give name, categories or flowJson' });
          }
        }),
    ),
    flowAliases,
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    if (input.name !== undefined || input.categories !== undefined) await updateFlowMetadata(waba.id, input.flowId, input);
    const validationErrors = input.flowJson !== undefined ? await updateFlowJson(waba.id, input.flowId, input.flowJson) : [];
    if (validationErrors.length) {
      throw new ValidationError(
        validationErrors.map((reason) => ({ field: 'flowJson', reason })),
        `Meta found ${validationErrors.length} error${validationErrors.length > 1 ? 's' : ''} in the Flow JSON: ${validationErrors.join('; ')}`,
      );
    }
    return { metaWabaId: waba.wabaId, flowId: input.flowId, updated: Object.keys(input).filter((k) => ['name', 'categories', 'flowJson'].includes(k)) };
  },
});
