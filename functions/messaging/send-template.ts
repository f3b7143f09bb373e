import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { replyToField } from '../../shared/whatsapp/schemas/common';
import {
  buildTemplate,
  templateComponentsField,
  templateLanguageField,
  templateNameField,
  templatePreview,
} from '../../shared/whatsapp/schemas/template';

export const sendTemplate = defineAction({
  category: 'messaging',
  name: 'send_template',
  description:
    "Sends an approved template with its parameters (Meta's components). The only kind of message WhatsApp delivers outside the 24-hour customer-service window.",
  input: withAliases(
    z.object({
      to: recipientSchema,
      name: templateNameField,
      language: templateLanguageField,
      components: templateComponentsField.optional(),
      replyTo: replyToField,
      ...senderFields,
    }),
    {
      templateName: 'name',
      template_name: 'name',
      languageCode: 'language',
      language_code: 'language',
      replyToMessageId: 'replyTo',
      reply_to: 'replyTo',
    },
  ),
  handler: async (input) =>
    sendOutbound({ ...input, type: 'template', content: buildTemplate(input), preview: templatePreview(input) }),
});
