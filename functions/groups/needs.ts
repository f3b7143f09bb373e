import { defineNeeds, graphApi, linkedAccounts, sendsOnce } from '../../shared/needs';

/** Groups through Graph; group messages through EUM Social; the group photo from the client's upload area. */
export const needs = defineNeeds(linkedAccounts, sendsOnce, graphApi, {
  table: {
    read: ['accountsCache', 'group'],
    // get_groups: pending create requests (gsi-itemType); get_group_messages: a group's messages (gsi-conversation).
    query: ['itemType', 'conversation'],
    write: ['groupRequest', 'group', 'groupMessage'],
  },
  bucket: { read: ['uploads'], list: true },
  eum: ['SendWhatsAppMessage'],
});
