import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields, windowFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { messageIdSchema } from '../../shared/whatsapp/schemas/ids';
import { buildReaction, emojiField, reactionPreview } from '../../shared/whatsapp/schemas/reaction';
import { resolveMessageRef } from '../../shared/whatsapp/wamid';

export const sendReaction = defineAction({
  category: 'messaging',
  name: 'send_reaction',
  sends: true,
  description:
    'Reacts to a message with one emoji; an empty emoji removes the reaction. Subject to the 24-hour customer-service window like any free-form message.',
  input: withAliases(
    z.object({
      to: recipientSchema,
      messageId: messageIdSchema.check(
        z.describe('The message reacted to: its wamid, or the messageId of a message we sent'),
      ),
      emoji: emojiField,
      ...senderFields,
      ...windowFields,
    }),
    { message_id: 'messageId', reactToMessageId: 'messageId', enforce_window: 'enforceWindow' },
  ),
  handler: async (input) => {
    const target = await resolveMessageRef(input.messageId, 'messageId');
    return sendOutbound({
      ...input,
      type: 'reaction',
      content: buildReaction(target.wamid, input.emoji),
      preview: reactionPreview(input.emoji),
      references: [target],
    });
  },
});
