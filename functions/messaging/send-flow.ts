import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { limitedText, previewText, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { anyHeaderField, buildFlow, flowFields, footerField, refineFlow } from '../../shared/whatsapp/schemas/interactive';

export const sendFlow = defineAction({
  category: 'messaging',
  name: 'send_flow',
  sends: true,
  description: 'Sends a WhatsApp Flow (by flowId or flowName) behind a CTA button (flow_message_version 3).',
  input: withAliases(
    z.object({
        ...sendFields,
        body: limitedText(1024).check(z.describe('Body text')),
        ...flowFields,
        header: anyHeaderField,
        footer: footerField,
      }).check(
      z.superRefine(refineFlow),
    ),
    {
      ...sendAliases,
      text: 'body',
      bodyText: 'body',
      body_text: 'body',
      flow_id: 'flowId',
      flow_name: 'flowName',
      flow_cta: 'flowCta',
      flow_token: 'flowToken',
      flow_action: 'flowAction',
      flow_action_payload: 'flowActionPayload',
      footerText: 'footer',
      footer_text: 'footer',
    },
  ),
  handler: async (input) => sendOutbound({ ...input, type: 'interactive', content: buildFlow(input), preview: previewText(input.body) }),
});
