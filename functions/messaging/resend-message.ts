import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { getMessageItem } from '../../shared/table/messages';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { windowFields, withAliases } from '../../shared/whatsapp/schema-helpers';

/** What a stored outbound message needs for sending again: its Meta payload and where it went. */
function resendable(item: Record<string, unknown>, messageId: string) {
  if (item.direction !== 'OUTBOUND') {
    throw new ValidationError([{ field: 'messageId', reason: `${messageId} is a message the customer sent; only our outbound messages can be resent` }]);
  }
  const payload = item.payload as Record<string, unknown> | undefined;
  const type = payload?.type as string | undefined;
  if (!payload || !type || payload[type] === undefined) {
    throw new ValidationError([{ field: 'messageId', reason: `${messageId} has no stored payload to send again (migrated without one?)` }]);
  }
  const to = recipientSchema.safeParse(String(item.to ?? payload.to ?? payload.recipient ?? ''));
  if (!to.success) throw new ValidationError([{ field: 'messageId', reason: `${messageId} has no usable recipient` }]);
  return { type, content: payload[type] as Record<string, unknown>, to: to.data, replyTo: (payload.context as { message_id?: string } | undefined)?.message_id };
}

export const resendMessage = defineAction({
  category: 'messaging',
  name: 'resend_message',
  sends: true,
  description:
    'Sends one of our earlier messages (failed or not) again, as a new message with a new messageId, from the same number to the same customer (resentFrom links the two). The 24-hour window applies as to any send: only a template goes outside it. A media id older than 30 days has expired at WhatsApp; send the file again instead.',
  input: withAliases(
    z.object({
      messageId: z.string().check(
        z.trim(),
        z.minLength(1, 'required'),
        z.maxLength(256, 'at most 256 characters'),
        z.describe('The message to send again: wamid or our messageId'),
      ),
      ...windowFields,
    }),
    { message_id: 'messageId', waMessageId: 'messageId', wamid: 'messageId', enforce_window: 'enforceWindow' },
  ),
  handler: async ({ messageId, enforceWindow }) => {
    const item = await getMessageItem(messageId);
    if (!item) throw new NotFoundError(`No stored message ${messageId}`);
    const { type, content, to, replyTo } = resendable(item, messageId);
    const sent = await sendOutbound({
      to,
      type,
      content,
      preview: String(item.preview ?? `[${type}]`),
      replyTo,
      phoneNumberId: item.phoneNumberId as string | undefined,
      enforceWindow,
      resentFrom: item.messageId as string,
    });
    return { ...sent, type, resentFrom: item.messageId, originalStatus: item.status ?? null };
  },
});
