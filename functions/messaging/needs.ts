import { defineNeeds, linkedAccounts, sendsOnce } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, sendsOnce, {
  table: {
    // The window check reads the conversation; statuses that came before the send are read and applied.
    read: 'any',
    // send_template's 404 for an unknown template lists the WABA's templates (gsi-itemType), after re-listing them
    // from EUM at most once a minute (ListWhatsAppMessageTemplates, stored in the templateList item).
    query: ['itemType'],
    // send_template stores the template definition it read from EUM when the table had none (or a stale status).
    // A send's transaction checks that no status waits for it (ConditionCheckItem comes with write on pendingStatus);
    // when one does, the message is stored with it, its wamid alias written and the parked item deleted, atomically.
    write: ['message', 'conversation', 'mediaUpload', 'templateDefinition', 'templateList', 'pendingStatus', 'messageAlias'],
    // delete_message removes our copy of a message and its wamid alias.
    delete: ['pendingStatus', 'message', 'messageAlias'],
  },
  // send_image & co. check the object (HeadObject, a sticker's header) and EUM reads it with this role. Sources are
  // a client's upload, a downloaded copy or a received media. ListBucket makes a missing key a 404, not a 403.
  bucket: { read: ['uploads', 'downloads', 'inbound'], list: true },
  eum: ['SendWhatsAppMessage', 'PostWhatsAppMessageMedia', 'GetWhatsAppMessageTemplate', 'ListWhatsAppMessageTemplates'],
  settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
