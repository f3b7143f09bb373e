import { defineAction } from '../../shared/actions/registry';
import { conversationPkOf, conversationRefSchema, noSuchConversation } from './reference';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { listMessages } from '../../shared/table/messages';
import { pageInput } from '../../shared/table/pagination';
import { withMediaUrls } from './media-urls';

export const getMessages = defineAction({
  category: 'conversations',
  name: 'get_messages',
  description:
    "One conversation's messages, newest first, with cursor pagination. Name the conversation by conversationId, or by the customer (customer/to) and the business number.",
  input: conversationRefSchema(pageInput),
  handler: async (input) => {
    const conversationPk = await conversationPkOf(input);
    const conversation = await getConversation(conversationPk);
    if (!conversation) throw noSuchConversation(conversationPk);
    const page = await listMessages(conversationPk, input.limit, input.cursor);
    return {
      conversationId: conversationPk,
      conversation: presentConversation(conversation),
      messages: await withMediaUrls(page.items),
      count: page.items.length,
      nextCursor: page.nextCursor,
    };
  },
});
