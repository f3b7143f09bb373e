import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getFlow, getFlowPreview } from '../../shared/eum/flows';
import { resolveWaba } from '../../shared/eum/waba';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { flowAliases, flowIdField, wabaField } from './fields';

export const getFlowAction = defineAction({
  category: 'flows',
  name: 'get_flow',
  description: 'One WhatsApp Flow from EUM Social: status, categories, validation errors, JSON and data API versions, endpoint, a preview URL and its health (whether messages can be sent with it).',
  input: withAliases(
    z.object({ ...wabaField, flowId: flowIdField, refreshPreview: z._default(z.boolean(), false).check(
      z.describe('Issue a new preview URL (the old one stops working)'),
    ) }),
    flowAliases,
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const flow = await getFlow(waba.id, input.flowId);
    const preview = input.refreshPreview ? await getFlowPreview(waba.id, input.flowId, true) : flow.preview;
    return { metaWabaId: waba.wabaId, flow: { ...flow, preview } };
  },
});

export const flowHealthCheck = defineAction({
  category: 'flows',
  name: 'flow_health_check',
  description: "Whether messages can be sent with a Flow (Meta's health status for the Flow, its WABA, app and phone numbers), with the entities that block it.",
  input: withAliases(z.object({ ...wabaField, flowId: flowIdField }), flowAliases),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const flow = await getFlow(waba.id, input.flowId);
    const entities = flow.healthStatus?.entities ?? [];
    return {
      metaWabaId: waba.wabaId,
      flowId: flow.flowId,
      status: flow.flowStatus,
      canSendMessage: flow.healthStatus?.canSendMessage ?? 'UNKNOWN',
      healthy: flow.healthStatus?.canSendMessage === 'AVAILABLE',
      blockedBy: entities.filter((e) => e.canSendMessage !== 'AVAILABLE'),
      entities,
      validationErrors: flow.validationErrors ?? [],
    };
  },
});
