import { defineNeeds, graphApi, linkedAccounts, sendsOnce } from '../../shared/needs';

/** Groups through Graph; group messages through EUM Social; the group photo from the client's upload area. */
export const needs = defineNeeds(linkedAccounts, sendsOnce, graphApi, {
  table: {
    // send_group_message applies the statuses that came before it was stored (shared/table/group-messages.ts).
    read: ['accountsCache', 'group', 'pendingStatus', 'message', 'messageAlias'],
    // get_groups: pending create requests (gsi-itemType); get_group_messages: a group's messages (gsi-conversation).
    query: ['itemType', 'conversation'],
    // A group send also points its EUM id (`MSG#…`) at the group message, and writes the wamid alias and the
    // status when an early status waits; the waiting item is then deleted.
    write: ['groupRequest', 'group', 'groupMessage', 'message', 'messageAlias', 'pendingStatus'],
    delete: ['pendingStatus'],
  },
  bucket: { read: ['uploads'], list: true },
  eum: ['SendWhatsAppMessage'],
});
