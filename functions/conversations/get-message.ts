import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { getMessageItem } from '../../shared/table/messages';
import { messageIdSchema } from '../../shared/whatsapp/schemas/ids';

export const getMessage = defineAction({
  category: 'conversations',
  name: 'get_message',
  description: "One message by its id: Meta's wamid, or the messageId a send returned (EUM's id).",
  input: z.object({ messageId: messageIdSchema }),
  handler: async ({ messageId }) => {
    const message = await getMessageItem(messageId);
    if (!message) throw new NotFoundError(`No message ${messageId}`);
    return { message };
  },
});
