import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { getGroupItem } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { graphTarget, groupIdField } from './group-fields';

const FIELDS = 'subject,description,participants,join_approval_mode,suspended,creation_timestamp,total_participant_count';

export const getGroupInfo = defineAction({
  category: 'groups',
  name: 'get_group_info',
  description: "One group's subject, description, participants and settings, live from Graph, with the invite link and history ingest keeps.",
  input: z.object({ groupId: groupIdField, ...senderFields }),
  handler: async (input) => {
    const t = await graphTarget(input);
    const [live, item] = await Promise.all([
      graphCall<Record<string, unknown>>({ wabaId: t.wabaId, path: input.groupId, query: { fields: FIELDS } }),
      getGroupItem(input.groupId),
    ]);
    const participants = ((live.participants as { wa_id: string }[] | undefined) ?? []).map((p) => p.wa_id);
    return {
      groupId: input.groupId,
      subject: live.subject,
      description: live.description,
      joinApprovalMode: live.join_approval_mode,
      suspended: live.suspended,
      createdAt: live.creation_timestamp ? new Date(Number(live.creation_timestamp) * 1000).toISOString() : undefined,
      participants,
      participantCount: live.total_participant_count ?? participants.length,
      inviteLink: item?.inviteLink,
      status: item?.status,
      history: item?.history ?? [],
    };
  },
});
