import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { limitedText, previewText, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { anyHeaderField, buildReplyButtons, footerField, replyButtonsField } from '../../shared/whatsapp/schemas/interactive';

export const sendInteractiveButtons = defineAction({
  category: 'messaging',
  name: 'send_interactive_buttons',
  sends: true,
  description: 'Sends up to 3 reply buttons under a body text, with an optional text or media header and a footer.',
  input: withAliases(
    z.object({
      ...sendFields,
      body: limitedText(1024).check(z.describe('Body text')),
      buttons: replyButtonsField,
      header: anyHeaderField,
      footer: footerField,
    }),
    { ...sendAliases, text: 'body', bodyText: 'body', body_text: 'body', footerText: 'footer', footer_text: 'footer' },
  ),
  handler: async (input) =>
    sendOutbound({ ...input, type: 'interactive', content: buildReplyButtons(input), preview: previewText(input.body) }),
});
