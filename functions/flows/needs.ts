import { defineNeeds, linkedAccounts, sendsOnce } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, sendsOnce, {
  // send_flow_message is messaging's send_flow: the window check reads the conversation, the send stores the message
  // and its conversation and applies statuses that came before it.
  // get_flow_responses lists FLOW_RESPONSE items per customer (gsi-inbox), per Flow (gsi-conversation) or all
  // (gsi-itemType); flow_completion marks one handled.
  table: { read: 'any', query: ['inbox', 'conversation', 'itemType'], write: ['message', 'conversation', 'flowResponse', 'pendingStatus', 'messageAlias'], delete: ['pendingStatus'] },
  eum: [
    'CreateWhatsAppFlow',
    'GetWhatsAppFlow',
    'GetWhatsAppFlowPreview',
    'ListWhatsAppFlows',
    'UpdateWhatsAppFlow',
    'UpdateWhatsAppFlowAssets',
    'PublishWhatsAppFlow',
    'DeprecateWhatsAppFlow',
    'DeleteWhatsAppFlow',
    'SendWhatsAppMessage',
  ],
  settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
