import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { getMessageItem } from '../../shared/table/messages';
import { deleteStoredMessage } from '../../shared/table/message-removal';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

export const deleteMessage = defineAction({
  category: 'messaging',
  name: 'delete_message',
  description:
    "Deletes our stored copy of a message (by wamid or our messageId), and takes an unread inbound one out of its conversation's unread count. WhatsApp has no API to delete or recall a sent message: the customer keeps it.",
  input: withAliases(
    z.object({ messageId: z.string().check(
      z.trim(),
      z.minLength(1, 'required'),
      z.maxLength(256, 'at most 256 characters'),
      z.describe('wamid.… or the messageId a send returned'),
    ) }),
    { message_id: 'messageId', waMessageId: 'messageId', wamid: 'messageId' },
  ),
  handler: async ({ messageId }) => {
    const item = await getMessageItem(messageId);
    if (!item) throw new NotFoundError(`No stored message ${messageId}`);
    const { unreadCleared } = await deleteStoredMessage(item);
    return {
      messageId: item.messageId,
      direction: item.direction,
      conversationId: item.conversationPk,
      deleted: true,
      unreadCleared,
      deletedAtWhatsApp: false,
      note: 'Only our stored copy was deleted. WhatsApp has no API to delete a sent message; the customer still sees it.',
    };
  },
});
