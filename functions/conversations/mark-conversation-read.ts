import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { conversationPkOf, conversationRefSchema, noSuchConversation } from './reference';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { markRead } from '../../shared/table/conversation-unread';
import { sendReadReceipt } from '../../shared/whatsapp/read-receipt';

export const markConversationRead = defineAction({
  category: 'conversations',
  name: 'mark_conversation_read',
  sends: true,
  description:
    "Sets the conversation's unread count to 0. With sendReadReceipt, also tells WhatsApp the customer's messages were read (blue ticks) up to the last inbound one.",
  input: conversationRefSchema({
    sendReadReceipt: z._default(z.boolean(), false).check(
      z.describe('Also send a read receipt to WhatsApp for the last inbound message'),
    ),
  }),
  handler: async (input) => {
    const pk = await conversationPkOf(input);
    const before = await getConversation(pk);
    if (!before) throw noSuchConversation(pk);
    let readReceiptMessageId: string | undefined;
    const lastInbound = before.lastInboundMessageId as string | undefined;
    if (input.sendReadReceipt && lastInbound) {
      // Meta marks this message and every earlier one in the chat as read.
      ({ messageId: readReceiptMessageId } = await sendReadReceipt({ wamid: lastInbound, phoneNumberId: before.phoneArn as string }));
    }
    // Read up to the last message the business could see; a message arriving meanwhile stays unread.
    const readUpTo = (before.lastInboundAt as string | undefined) ?? new Date(0).toISOString();
    const after = await markRead(pk, before, readUpTo);
    if (!after) throw noSuchConversation(pk);
    const conversation = presentConversation(after);
    return { conversationId: pk, unreadCount: conversation.unreadCount, readUpTo, readReceiptSent: Boolean(readReceiptMessageId), readReceiptMessageId, conversation };
  },
});
