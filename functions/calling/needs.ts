import { defineNeeds, graphApi, linkedAccounts, sendsOnce } from '../../shared/needs';

/**
 * Calling through Graph; the permission request is a message through EUM Social (sendOutbound: window check, send,
 * record); call logs are the CALL items (gsi-itemType).
 */
export const needs = defineNeeds(linkedAccounts, sendsOnce, graphApi, {
  // As for any send: the store checks that no status waits (pendingStatus); statuses that came first are stored with
  // the message, with its wamid alias, and their parked item deleted, in the send's transaction.
  table: { read: 'any', query: ['itemType'], write: ['callSettings', 'call', 'message', 'conversation', 'pendingStatus', 'messageAlias'], delete: ['pendingStatus'] },
  eum: ['SendWhatsAppMessage'],
  settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
