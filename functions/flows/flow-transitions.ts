import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { deleteFlow, deprecateFlow, publishFlow } from '../../shared/eum/flows';
import { resolveWaba } from '../../shared/eum/waba';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { flowAliases, flowIdField, wabaField } from './fields';

const input = withAliases(z.object({ ...wabaField, flowId: flowIdField }), flowAliases);

export const publishFlowAction = defineAction({
  category: 'flows',
  name: 'publish_flow',
  description: 'Publishes a DRAFT Flow (its JSON must have no validation errors). A published Flow can be sent to any customer and no longer deleted.',
  input,
  handler: async ({ metaWabaId, flowId }) => {
    const waba = await resolveWaba(metaWabaId);
    await publishFlow(waba.id, flowId);
    return { metaWabaId: waba.wabaId, flowId, status: 'PUBLISHED' };
  },
});

export const deprecateFlowAction = defineAction({
  category: 'flows',
  name: 'deprecate_flow',
  description: 'Deprecates a PUBLISHED Flow: it can no longer be sent or opened. This cannot be undone.',
  input,
  handler: async ({ metaWabaId, flowId }) => {
    const waba = await resolveWaba(metaWabaId);
    await deprecateFlow(waba.id, flowId);
    return { metaWabaId: waba.wabaId, flowId, status: 'DEPRECATED' };
  },
});

export const deleteFlowAction = defineAction({
  category: 'flows',
  name: 'delete_flow',
  description: 'Deletes a DRAFT Flow (Meta keeps published ones: deprecate them instead).',
  input,
  handler: async ({ metaWabaId, flowId }) => {
    const waba = await resolveWaba(metaWabaId);
    await deleteFlow(waba.id, flowId);
    return { metaWabaId: waba.wabaId, flowId, deleted: true };
  },
});
