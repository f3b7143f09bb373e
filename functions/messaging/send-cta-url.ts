import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { httpsUrl, limitedText, previewText, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { anyHeaderField, buildCtaUrl, footerField } from '../../shared/whatsapp/schemas/interactive';

export const sendCtaUrl = defineAction({
  category: 'messaging',
  name: 'send_cta_url',
  sends: true,
  description: 'Sends a body text with one button that opens a URL, with an optional text or media header and a footer.',
  input: withAliases(
    z.object({
      ...sendFields,
      body: limitedText(1024).describe('Body text'),
      displayText: limitedText(20).describe('Label of the button'),
      url: httpsUrl.describe('https URL the button opens'),
      header: anyHeaderField,
      footer: footerField,
    }),
    {
      ...sendAliases,
      text: 'body',
      bodyText: 'body',
      body_text: 'body',
      display_text: 'displayText',
      buttonText: 'displayText',
      footerText: 'footer',
      footer_text: 'footer',
    },
  ),
  handler: async (input) => sendOutbound({ ...input, type: 'interactive', content: buildCtaUrl(input), preview: previewText(input.body) }),
});
