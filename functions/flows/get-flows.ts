import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listFlows } from '../../shared/eum/flows';
import { resolveWaba } from '../../shared/eum/waba';
import { wabaField } from './fields';

export const getFlows = defineAction({
  category: 'flows',
  name: 'get_flows',
  description: "Lists the WABA's WhatsApp Flows from EUM Social (every page), optionally only those in one status.",
  input: z.object({
    ...wabaField,
    status: z.optional(z.pipe(z.transform((v) => (typeof v === 'string' ? v.toUpperCase() : v)), z.enum(['DRAFT', 'PUBLISHED', 'DEPRECATED', 'BLOCKED', 'THROTTLED']))).check(
      z.describe('Only Flows in this status'),
    ),
  }),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const flows = (await listFlows(waba.id))
      .filter((f) => !input.status || f.flowStatus === input.status)
      .map((f) => ({ flowId: f.flowId, name: f.flowName, status: f.flowStatus, categories: f.flowCategories ?? [], validationErrors: f.validationErrors ?? [] }));
    return { metaWabaId: waba.wabaId, count: flows.length, flows };
  },
});
