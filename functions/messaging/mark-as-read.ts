import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendReadReceipt } from '../../shared/whatsapp/read-receipt';
import { wamidSchema } from '../../shared/whatsapp/schemas/ids';

export const markAsRead = defineAction({
  category: 'messaging',
  name: 'mark_as_read',
  sends: true,
  description:
    'Marks an inbound message (and the ones before it) as read, optionally showing a typing indicator. Nothing is stored. Meta accepts this for messages up to 30 days old, so the 24-hour window does not apply.',
  input: withAliases(
    z.object({
      messageId: wamidSchema.check(z.describe('wamid of the inbound message')),
      typingIndicator: z.optional(z.boolean()).check(
        z.describe('Also show a typing indicator (until you reply, at most 25 s)'),
      ),
      ...senderFields,
    }),
    { message_id: 'messageId', wamid: 'messageId', typing_indicator: 'typingIndicator' },
  ),
  handler: async (input) => sendReadReceipt({ ...input, wamid: input.messageId }),
});
