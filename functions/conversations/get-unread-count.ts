import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { unreadConversations } from '../../shared/table/conversation-queries';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { phonesOf } from './time-range';

export const getUnreadCount = defineAction({
  category: 'conversations',
  name: 'get_unread_count',
  description:
    "Unread inbound messages per business number and in total, with the conversations that have any (most unread first). Covers one number, a WABA's numbers, or every linked number. Reads each number's inbox index (not the table).",
  input: z.object({ ...senderFields, includeConversations: z._default(z.boolean(), true).check(
    z.describe('List the conversations with unread messages'),
  ) }),
  handler: async ({ metaWabaId, phoneNumberId, includeConversations }) => {
    const phones = await phonesOf({ metaWabaId, phoneNumberId });
    const numbers = await Promise.all(
      phones.map(async (p) => {
        const unread = (await unreadConversations(p.arn)).sort((a, b) => b.unreadCount - a.unreadCount);
        return {
          phoneNumberId: p.phoneNumberId,
          displayPhoneNumber: p.displayPhoneNumber,
          metaWabaId: p.metaWabaId,
          unreadMessages: unread.reduce((n, c) => n + c.unreadCount, 0),
          unreadConversations: unread.length,
          ...(includeConversations ? { conversations: unread } : {}),
        };
      }),
    );
    return {
      totalUnread: numbers.reduce((n, p) => n + p.unreadMessages, 0),
      totalUnreadConversations: numbers.reduce((n, p) => n + p.unreadConversations, 0),
      numbers,
    };
  },
});
