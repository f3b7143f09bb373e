import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { recordGroupRequest } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { descriptionField, graphTarget, groupOwner, subjectField } from './group-fields';

export const createGroup = defineAction({
  category: 'groups',
  name: 'create_group',
  description:
    'Creates a WhatsApp group (subject ≤128, description ≤2048, join approval mode). Meta creates it asynchronously: its id and invite link arrive with the group_create webhook; get_groups lists it then (and pending requests until then).',
  input: z.object({
    subject: subjectField,
    description: z.optional(descriptionField),
    joinApprovalMode: z._default(z.enum(['auto_approve', 'approval_required']), 'auto_approve').check(
      z.describe('approval_required: people who tap the invite link ask to join'),
    ),
    ...senderFields,
  }),
  handler: async (input) => {
    const t = await graphTarget(input);
    const out = await graphCall<{ request_id?: string; id?: string }>({
      wabaId: t.wabaId,
      method: 'POST',
      path: `${t.metaPhoneNumberId}/groups`,
      json: { messaging_product: 'whatsapp', subject: input.subject, ...(input.description !== undefined ? { description: input.description } : {}), join_approval_mode: input.joinApprovalMode },
    });
    const requestId = out.request_id ?? out.id ?? '';
    if (requestId) await recordGroupRequest({ requestId, owner: groupOwner(t), subject: input.subject, description: input.description, joinApprovalMode: input.joinApprovalMode });
    return {
      requestId,
      status: 'CREATING',
      subject: input.subject,
      metaWabaId: t.wabaId,
      note: "WhatsApp creates the group asynchronously; its id and invite link arrive with Meta's group_create webhook, then get_groups lists it.",
    };
  },
});
