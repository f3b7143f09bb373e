import { defineNeeds, linkedAccounts } from '../needs';

/**
 * What processing one inbound record needs (shared/ingest/process.ts): ingest runs it for every SNS record, and
 * webhooks' replay_dead_letters runs the same code on a dead letter, so both declare it rather than copy a role.
 */
export const ingestRecordNeeds = defineNeeds(linkedAccounts, {
  table: {
    // Messages, their wamid aliases, conversations, media items: looked up by key, never queried.
    read: 'any',
    write: [
      'message',
      'messageAlias',
      'pendingStatus',
      'conversation',
      'webhookEvent',
      'call',
      'quality',
      'templateDefinition',
      'ctwaEvent',
      // A Flow's answers (nfm_reply), kept for get_flow_responses.
      'flowResponse',
      'userPreference',
      'mediaDownload',
      // Group webhooks and participants' group messages.
      'group',
      'groupRequest',
      'groupParticipant',
      'groupMessage',
      // A status of a message we do not know that carries a send's token proves that send (shared/table/send-attempts.ts).
      'idempotency',
    ],
  },
  // EUM writes inbound media under inbound/<phone>/ with an extension it picks; listing finds the object.
  bucket: { write: ['inbound'], list: true },
  eum: ['GetWhatsAppMessageMedia'],
  when: {
    AUTO_MARK_READ: { eum: ['SendWhatsAppMessage'] },
    // The answer goes through sendOutbound: window check, then the same send and record as send_text.
    AUTO_REPLY_TEXT: { eum: ['SendWhatsAppMessage'], settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'] },
  },
});
