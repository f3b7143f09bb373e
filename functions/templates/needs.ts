import { defineNeeds, graphApi, linkedAccounts, sendsOnce } from '../../shared/needs';

// set_template_ttl: EUM Social cannot change a template's TTL, so it goes through Graph with the WABA's token.
export const needs = defineNeeds(linkedAccounts, sendsOnce, graphApi, {
  // Template items: the WABA's list (TEMPLATES#) and one definition per name+language; get_local_templates and the
  // quality report page gsi-itemType.
  // The template sends (send_coupon_template & co.) take the outbound path: the reply target and statuses that came
  // before the send are read, the message and its conversation written, a parked status removed once applied.
  table: {
    read: 'any',
    query: ['itemType'],
    // pendingStatus: the send's transaction checks that no status waits for it (ConditionCheckItem comes with write).
    // messageAlias: statuses that came first are stored with the message, with its wamid alias.
    write: ['templateList', 'templateDefinition', 'message', 'conversation', 'pendingStatus', 'messageAlias'],
    delete: ['pendingStatus'],
  },
  // create_template's header sample: EUM reads it from our bucket with this role (CreateWhatsAppMessageTemplateMedia).
  bucket: { read: ['uploads', 'downloads', 'inbound'] },
  eum: [
    'ListWhatsAppMessageTemplates',
    'GetWhatsAppMessageTemplate',
    'CreateWhatsAppMessageTemplate',
    'UpdateWhatsAppMessageTemplate',
    'DeleteWhatsAppMessageTemplate',
    'CreateWhatsAppMessageTemplateMedia',
    'ListWhatsAppTemplateLibrary',
    'CreateWhatsAppMessageTemplateFromLibrary',
    'SendWhatsAppMessage',
  ],
  // sendOutbound reads it; templates are never refused by it, but the setting is part of the shared send path.
  settings: ['ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
