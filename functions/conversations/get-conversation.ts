import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { conversationPkOf, conversationRefFields, conversationRefMessage, noSuchConversation, requireConversationRef } from './reference';

export const getConversationAction = defineAction({
  category: 'conversations',
  name: 'get_conversation',
  description:
    'One conversation: its customer, contact name, unread count, last message, 24-hour window end (windowExpiresAt), archive state, labels, notes and assignee.',
  input: z.object(conversationRefFields).check(z.refine(requireConversationRef, conversationRefMessage)),
  handler: async (ref) => {
    const pk = await conversationPkOf(ref);
    const item = await getConversation(pk);
    if (!item) throw noSuchConversation(pk);
    const conversation = presentConversation(item);
    const windowOpen = typeof item.windowExpiresAt === 'string' && Date.parse(item.windowExpiresAt) > Date.now();
    return { conversationId: pk, conversation, windowOpen };
  },
});
