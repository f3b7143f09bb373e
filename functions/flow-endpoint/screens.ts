import { FlowTokenError, type FlowExchange, type FlowScreens, type ScreenReply } from '../../shared/flows/exchange';

/**
 * The screens this business's dynamic Flows answer: register a handler per screen id (data_exchange and BACK) and
 * one for INIT. This example books an appointment: INIT offers slots, APPOINTMENT confirms the chosen one, and the
 * final reply (screen SUCCESS with extension_message_response) closes the Flow; WhatsApp then sends the customer's
 * answers to the business as an nfm_reply message, which ingest stores (flowResponse).
 */
const SLOTS = [
  { id: 'mon_10', title: 'Monday 10:00' },
  { id: 'tue_14', title: 'Tuesday 14:00' },
  { id: 'wed_09', title: 'Wednesday 09:00' },
];

function requireToken(req: FlowExchange): string {
  // Tokens are ours (send_flow's flowToken); one that is missing cannot be tied to a customer.
  if (!req.flow_token) throw new FlowTokenError('This form has expired. Please ask us for a new one.');
  return req.flow_token;
}

const appointment = async (req: FlowExchange): Promise<ScreenReply> => {
  const token = requireToken(req);
  const slot = SLOTS.find((s) => s.id === req.data?.slot);
  if (!slot) return { screen: 'APPOINTMENT', data: { slots: SLOTS, error_message: 'Please choose one of the offered times.' } };
  return { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: token, slot: slot.id, slot_title: slot.title } } } };
};

export const flowScreens: FlowScreens = {
  init: async (req) => {
    requireToken(req);
    return { screen: 'APPOINTMENT', data: { slots: SLOTS } };
  },
  screens: {
    APPOINTMENT: appointment,
  },
};
