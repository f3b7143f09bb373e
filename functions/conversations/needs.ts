import { defineNeeds, linkedAccounts } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, {
  // get_conversations pages gsi-inbox, get_messages gsi-conversation; archive and mark-read update the conversation.
  table: { read: 'any', query: ['inbox', 'conversation'], write: ['conversation'] },
  // get_messages presigns GET links to media ingest saved (the URL carries this role's permission).
  bucket: { read: ['inbound'] },
  // mark_conversation_read can send a read receipt.
  eum: ['SendWhatsAppMessage'],
});
