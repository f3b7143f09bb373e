import { defineNeeds, linkedAccounts } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, {
  // Template items: the WABA's list (TEMPLATES#) and one definition per name+language; get_local_templates and the
  // quality report page gsi-itemType.
  table: { read: ['templateList', 'templateDefinition'], query: ['itemType'], write: ['templateList', 'templateDefinition'] },
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
  ],
});
