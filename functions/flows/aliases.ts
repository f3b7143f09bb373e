import { defineAlias } from '../../shared/actions/alias';
import { sendFlow } from '../messaging/send-flow';

/** The seed's flows names that an action here already does. */
export const flowAliases = [
  defineAlias({
    category: 'flows',
    name: 'send_flow_message',
    of: sendFlow,
    note: 'Sends a published Flow (or a draft with mode: draft) to a customer inside the 24-hour window; outside it, send a template with a FLOW button.',
  }),
];
