import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { limitedText, previewText, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { buildList, footerField, listSectionsField, textHeaderField } from '../../shared/whatsapp/schemas/interactive';

export const sendInteractiveList = defineAction({
  category: 'messaging',
  name: 'send_interactive_list',
  sends: true,
  description: 'Sends a list message: a button that opens up to 10 sections with at most 10 rows in total.',
  input: withAliases(
    z.object({
      ...sendFields,
      body: limitedText(4096).check(z.describe('Body text')),
      button: limitedText(20).check(z.describe('Label of the button that opens the list')),
      sections: listSectionsField,
      header: textHeaderField,
      footer: footerField,
    }),
    {
      ...sendAliases,
      text: 'body',
      bodyText: 'body',
      body_text: 'body',
      buttonText: 'button',
      button_text: 'button',
      footerText: 'footer',
      footer_text: 'footer',
    },
  ),
  handler: async (input) => sendOutbound({ ...input, type: 'interactive', content: buildList(input), preview: previewText(input.body) }),
});
