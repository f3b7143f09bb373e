import { defineNeeds, linkedAccounts, sendsOnce } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, sendsOnce, {
  // get_conversations pages gsi-inbox, get_messages gsi-conversation; archive and mark-read update the conversation.
  // search_messages, export_messages and get_failed_messages read a time range through gsi-direction.
  table: { read: 'any', query: ['inbox', 'conversation', 'direction'], write: ['conversation'] },
  // get_messages presigns GET links to media ingest saved (the URL carries this role's permission);
  // export_messages streams its file under exports/ (multipart upload) and presigns a GET of it.
  bucket: { read: ['inbound', 'exports'], write: ['exports'] },
  // mark_conversation_read can send a read receipt.
  eum: ['SendWhatsAppMessage'],
});
