import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields, windowFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { replyToField } from '../../shared/whatsapp/schemas/common';

export const sendText = defineAction({
  category: 'messaging',
  name: 'send_text',
  sends: true,
  description: 'Sends a text message (up to 4,096 characters), optionally with a link preview or as a reply.',
  input: withAliases(
    z.object({
      to: recipientSchema,
      text: z.string().check(
        z.minLength(1, 'must not be empty'),
        z.maxLength(4096, 'at most 4096 characters (Meta limit)'),
      ),
      previewUrl: z.optional(z.boolean()).check(z.describe('Render a preview of the first URL in the text')),
      replyTo: replyToField,
      ...senderFields,
      ...windowFields,
    }),
    { preview_url: 'previewUrl', replyToMessageId: 'replyTo', reply_to: 'replyTo', message: 'text', enforce_window: 'enforceWindow' },
  ),
  handler: async (input) =>
    sendOutbound({
      ...input,
      type: 'text',
      content: { body: input.text, ...(input.previewUrl !== undefined ? { preview_url: input.previewUrl } : {}) },
      preview: input.text.slice(0, 200),
    }),
});
