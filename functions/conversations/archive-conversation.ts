import { defineAction } from '../../shared/actions/registry';
import { conversationPkOf, conversationRefSchema, noSuchConversation } from './reference';
import { presentConversation, updateConversation } from '../../shared/table/conversations';
import { nowIso } from '../../shared/time';

const input = conversationRefSchema({});

export const archiveConversation = defineAction({
  category: 'conversations',
  name: 'archive_conversation',
  description:
    'Archives a conversation: get_conversations leaves it out unless includeArchived, until the customer writes again (as WhatsApp does).',
  input,
  handler: async (ref) => {
    const pk = await conversationPkOf(ref);
    const conversation = await updateConversation(pk, { set: { archived: true, archivedAt: nowIso() } });
    if (!conversation) throw noSuchConversation(pk);
    return { conversationId: pk, archived: true, conversation: presentConversation(conversation) };
  },
});

export const unarchiveConversation = defineAction({
  category: 'conversations',
  name: 'unarchive_conversation',
  description: 'Brings an archived conversation back into get_conversations.',
  input,
  handler: async (ref) => {
    const pk = await conversationPkOf(ref);
    const conversation = await updateConversation(pk, { remove: ['archived', 'archivedAt'] });
    if (!conversation) throw noSuchConversation(pk);
    return { conversationId: pk, archived: false, conversation: presentConversation(conversation) };
  },
});
