import * as z from '../../shared/zod';
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
      body: limitedText(1024).check(z.describe('Body text')),
      displayText: limitedText(20).check(z.describe('Label of the button')),
      url: httpsUrl.check(z.describe('https URL the button opens')),
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
