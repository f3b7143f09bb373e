import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { getConversation, presentConversation } from '../../shared/table/conversations';
import { keys } from '../../shared/table/keys';
import { listMessages } from '../../shared/table/messages';
import { pageInput } from '../../shared/table/pagination';
import { recipientKey, recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { withMediaUrls } from './media-urls';

export const getMessages = defineAction({
  category: 'conversations',
  name: 'get_messages',
  description:
    "One conversation's messages, newest first, with cursor pagination. Name the conversation by conversationId, or by the customer (customer/to) and the business number.",
  input: z
    .object({
      conversationId: z.string().startsWith('CONV#', 'must be a conversationId (CONV#…) from get_conversations').optional(),
      customer: recipientSchema.optional().describe('The customer: E.164 number, wa_id or business-scoped user id'),
      to: recipientSchema.optional().describe('Same as customer'),
      ...senderFields,
      ...pageInput,
    })
    .refine((v) => v.conversationId || v.customer || v.to, {
      message: 'give conversationId, or customer with metaWabaId/phoneNumberId',
      path: ['conversationId'],
    }),
  handler: async ({ conversationId, customer, to, metaWabaId, phoneNumberId, limit, cursor }) => {
    let conversationPk = conversationId;
    if (!conversationPk) {
      const who = customer ?? to;
      if (!who) throw new ValidationError([{ field: 'customer', reason: 'required without conversationId' }]);
      const phone = await resolvePhone({ metaWabaId, phoneNumberId });
      conversationPk = keys.conversation(phone.arn, recipientKey(who));
    }
    const conversation = await getConversation(conversationPk);
    if (!conversation) throw new NotFoundError(`No conversation ${conversationPk}; list them with get_conversations`);
    const page = await listMessages(conversationPk, limit, cursor);
    return {
      conversationId: conversationPk,
      conversation: presentConversation(conversation),
      messages: await withMediaUrls(page.items),
      count: page.items.length,
      nextCursor: page.nextCursor,
    };
  },
});
