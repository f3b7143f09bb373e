import { defineNeeds, graphApi, linkedAccounts, sendsOnce } from '../../shared/needs';

/**
 * Calling through Graph; the permission request is a message through EUM Social (sendOutbound: window check, send,
 * record); call logs are the CALL items (gsi-itemType).
 */
export const needs = defineNeeds(linkedAccounts, sendsOnce, graphApi, {
  // Statuses that came before the send are applied and their parked item removed (as for any send).
  table: { read: 'any', query: ['itemType'], write: ['callSettings', 'call', 'message', 'conversation'], delete: ['pendingStatus'] },
  eum: ['SendWhatsAppMessage'],
  settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
