import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields, windowFields } from '../../shared/whatsapp/schema-helpers';

export const sendCallPermissionRequest = defineAction({
  category: 'calling',
  name: 'send_call_permission_request',
  sends: true,
  description:
    "Asks a customer for permission to call them (an interactive call_permission_request message through EUM Social; inside the 24-hour window). Their answer arrives as an inbound message with callPermission; Meta allows 1 request per 24 h and 2 per 7 days.",
  input: z.object({
    to: recipientSchema,
    text: z._default(z.string().check(z.minLength(1), z.maxLength(1024, 'at most 1024 characters (Meta limit)')), 'May we call you on WhatsApp about your request?').check(
      z.describe('The question shown above the buttons'),
    ),
    ...senderFields,
    ...windowFields,
  }),
  handler: async (input) =>
    sendOutbound({
      ...input,
      type: 'interactive',
      content: { type: 'call_permission_request', body: { text: input.text }, action: { name: 'call_permission_request' } },
      preview: `[call permission request] ${input.text}`.slice(0, 200),
    }),
});
