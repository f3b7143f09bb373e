import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { updateGroupFields } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { graphTarget, groupIdField, groupOwner } from './group-fields';

export const deleteGroup = defineAction({
  category: 'groups',
  name: 'delete_group',
  description: 'Deletes a group and removes every participant (Meta confirms with a group_delete webhook). Its stored messages are kept.',
  input: z.object({ groupId: groupIdField, ...senderFields }),
  handler: async (input) => {
    const t = await graphTarget(input);
    await graphCall({ wabaId: t.wabaId, method: 'DELETE', path: input.groupId });
    await updateGroupFields(input.groupId, groupOwner(t), { deleteRequestedAt: new Date().toISOString() });
    return { groupId: input.groupId, status: 'DELETING', note: "Meta's group_delete webhook marks it DELETED" };
  },
});
