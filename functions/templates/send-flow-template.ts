import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

export const sendFlowTemplate = defineAction({
  category: 'templates',
  name: 'send_flow_template',
  sends: true,
  description:
    "Sends an approved template with a Flow button, so a WhatsApp Flow can start outside the 24-hour window: flowToken (returned with the customer's answers, to match them to this send) and flowActionData (the first screen's data) go to the button (sub_type flow at its index), with the header, bodyParameters and other buttons the template takes. A template without a FLOW button is a 400.",
  input: withAliases(
    z.object({
      ...shortcutFields,
      flowToken: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(1000))).check(
        z.describe('Your token for this Flow session; it comes back in the nfm_reply'),
      ),
      flowActionData: z.optional(z.record(z.string(), z.unknown())).check(
        z.describe("Data for the Flow's first screen"),
      ),
    }),
    { ...shortcutAliases, flow_token: 'flowToken', flow_action_data: 'flowActionData', flowData: 'flowActionData' },
  ),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const action = { ...(input.flowToken ? { flow_token: input.flowToken } : {}), ...(input.flowActionData ? { flow_action_data: input.flowActionData } : {}) };
        b.addButton(['FLOW'], input.flowToken ? 'flowToken' : 'flowActionData', 'Flow', 'flow', { type: 'action', action });
      },
      { action: 'send_flow_template' },
    ),
});
