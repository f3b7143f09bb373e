import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { WHATSAPP_CANNOT_ADD, graphTarget, groupIdField, participantField } from './group-fields';
import { decideJoinRequests, openJoinRequests } from './join-requests';

export const removeGroupParticipant = defineAction({
  category: 'groups',
  name: 'remove_group_participant',
  description: 'Removes participants (1-8) from a group; a removed person cannot rejoin through the invite link.',
  input: z.object({
      groupId: groupIdField,
      participant: z.optional(participantField).check(z.describe('One participant (E.164 or wa_id)')),
      participants: z.optional(z.array(participantField).check(z.minLength(1), z.maxLength(8, 'at most 8 (a group holds 8)'))),
      ...senderFields,
    }).check(
    z.refine((v) => v.participant || v.participants?.length, { message: 'give participant or participants', path: ['participant'] }),
  ),
  handler: async (input) => {
    const t = await graphTarget(input);
    const users = [...new Set([...(input.participant ? [input.participant] : []), ...(input.participants ?? [])])];
    const out = await graphCall<{ failed_participants?: unknown[] }>({
      wabaId: t.wabaId,
      method: 'DELETE',
      path: `${input.groupId}/participants`,
      json: { messaging_product: 'whatsapp', participants: users.map((user) => ({ user })) },
    });
    return { groupId: input.groupId, removed: users, failed: out.failed_participants ?? [] };
  },
});

export const addGroupParticipant = defineAction({
  category: 'groups',
  name: 'add_group_participant',
  description: `${WHATSAPP_CANNOT_ADD} This approves the person's pending join request if there is one, else returns the invite link to send them.`,
  input: z.object({ groupId: groupIdField, participant: participantField.check(z.describe('E.164 or wa_id')), ...senderFields }),
  handler: async (input) => {
    const t = await graphTarget(input);
    const pending = (await openJoinRequests(t.wabaId, input.groupId)).find((r) => r.wa_id === input.participant);
    if (pending) {
      const decided = await decideJoinRequests(t.wabaId, input.groupId, [pending.join_request_id], true);
      return { groupId: input.groupId, participant: input.participant, outcome: 'join_request_approved', joinRequestId: pending.join_request_id, ...decided };
    }
    const link = await graphCall<{ invite_link: string }>({ wabaId: t.wabaId, path: `${input.groupId}/invite_link` });
    return { groupId: input.groupId, participant: input.participant, outcome: 'invite_link', inviteLink: link.invite_link, note: WHATSAPP_CANNOT_ADD };
  },
});
