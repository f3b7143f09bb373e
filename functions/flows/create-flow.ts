import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { createFlow } from '../../shared/eum/flows';
import { resolveWaba } from '../../shared/eum/waba';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { categoriesField, flowAliases, flowIdField, flowJsonField, wabaField } from './fields';

export const createFlowAction = defineAction({
  category: 'flows',
  name: 'create_flow',
  description:
    "Creates a WhatsApp Flow through EUM Social: name, categories, and its Flow JSON (or a clone of another Flow), as a DRAFT or published at once. The JSON's structure is checked first (version, screens with id and layout: a 400 names the part); what only Meta checks (a terminal screen, components) comes back in validationErrors of the draft it keeps, and publishing waits until they are fixed (update_flow).",
  input: withAliases(
    z.object({
      ...wabaField,
      name: z.string().check(
        z.minLength(1),
        z.maxLength(200, 'at most 200 characters (EUM limit)'),
        z.describe('Flow name, unique in the WABA'),
      ),
      categories: categoriesField,
      flowJson: z.optional(flowJsonField),
      publish: z._default(z.boolean(), false).check(z.describe('Publish at once (needs Flow JSON without errors)')),
      cloneFlowId: z.optional(flowIdField).check(z.describe('Start from a copy of this Flow')),
    }).check(
      z.superRefine((v, ctx) => {
        if (v.publish && v.flowJson === undefined && v.cloneFlowId === undefined) {
          ctx.addIssue({ code: 'custom', path: ['publish'], message: 'a Flow is published with its JSON: give flowJson (or cloneFlowId), or create a draft' });
        }
      }),
    ),
    flowAliases,
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const created = await createFlow(waba.id, input);
    return {
      metaWabaId: waba.wabaId,
      flowId: created.flowId,
      name: input.name,
      status: input.publish ? 'PUBLISHED' : 'DRAFT',
      validationErrors: created.validationErrors,
      publishable: created.validationErrors.length === 0 && (input.flowJson !== undefined || input.cloneFlowId !== undefined),
    };
  },
});
