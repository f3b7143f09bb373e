import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listGroupMessages } from '../../shared/table/groups';
import { pageInput } from '../../shared/table/pagination';
import { groupIdField } from './group-fields';

const setSize = (v: unknown): number => (v instanceof Set ? v.size : Array.isArray(v) ? v.length : 0);

export const getGroupMessages = defineAction({
  category: 'groups',
  name: 'get_group_messages',
  description: "A group's messages, newest first: what participants wrote (stored by ingest) and what send_group_message sent. Paginate with cursor.",
  input: z.object({ groupId: groupIdField, ...pageInput }),
  handler: async (input) => {
    const page = await listGroupMessages(input.groupId, input.limit, input.cursor);
    const messages = page.items.map((m) => ({
      messageId: m.messageId,
      direction: m.direction,
      from: m.sender,
      contactName: m.contactName,
      type: m.type,
      text: m.text,
      preview: m.preview,
      receivedAt: m.receivedAt,
      // Outbound only: the highest status any participant reached, and how many participants got / read it.
      ...(m.direction === 'OUTBOUND'
        ? { status: m.status ?? 'accepted', statusUpdatedAt: m.statusUpdatedAt, deliveredCount: setSize(m.deliveredBy), readCount: setSize(m.readBy) }
        : {}),
    }));
    return { groupId: input.groupId, messages, count: messages.length, nextCursor: page.nextCursor };
  },
});
