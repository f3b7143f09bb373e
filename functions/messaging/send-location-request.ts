import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { limitedText, previewText, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { buildLocationRequest } from '../../shared/whatsapp/schemas/interactive';

export const sendLocationRequest = defineAction({
  category: 'messaging',
  name: 'send_location_request',
  sends: true,
  description: 'Asks the customer to share their location: a body text with a "Send location" button.',
  input: withAliases(z.object({ ...sendFields, body: limitedText(1024).check(z.describe('Body text')) }), {
    ...sendAliases,
    text: 'body',
    bodyText: 'body',
    body_text: 'body',
  }),
  handler: async (input) =>
    sendOutbound({ ...input, type: 'interactive', content: buildLocationRequest(input.body), preview: previewText(input.body) }),
});
