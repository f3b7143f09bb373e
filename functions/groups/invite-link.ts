import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { updateGroupFields } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { graphTarget, groupIdField, groupOwner } from './group-fields';

const input = z.object({ groupId: groupIdField, ...senderFields });

async function inviteLink(args: z.output<typeof input>, reset: boolean) {
  const t = await graphTarget(args);
  const out = await graphCall<{ invite_link: string }>({
    wabaId: t.wabaId,
    method: reset ? 'POST' : 'GET',
    path: `${args.groupId}/invite_link`,
    ...(reset ? { json: { messaging_product: 'whatsapp' } } : {}),
  });
  await updateGroupFields(args.groupId, groupOwner(t), { inviteLink: out.invite_link });
  return { groupId: args.groupId, inviteLink: out.invite_link, ...(reset ? { reset: true, note: 'Every earlier invite link of this group stopped working' } : {}) };
}

export const getGroupInviteLink = defineAction({
  category: 'groups',
  name: 'get_group_invite_link',
  description: "A group's invite link (https://chat.whatsapp.com/…): people join by tapping it.",
  input,
  handler: (args) => inviteLink(args, false),
});

export const resetGroupInviteLink = defineAction({
  category: 'groups',
  name: 'reset_group_invite_link',
  description: "Replaces a group's invite link; earlier links stop working.",
  input,
  handler: (args) => inviteLink(args, true),
});
