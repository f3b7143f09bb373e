import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { assertTemplateSendable } from '../../shared/templates/cache';
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
  sends: true,
  description:
    "Sends an approved template with its parameters (Meta's components). The only kind of message WhatsApp delivers outside the 24-hour customer-service window. The call is checked against the template's stored definition first (read from EUM Social once if missing): it must exist in that language, be APPROVED, and get the parameters (count or names), header media and buttons it defines; a mismatch is a 400 saying what the template expects.",
  input: withAliases(
    z.object({
      to: recipientSchema,
      name: templateNameField,
      language: templateLanguageField,
      components: z.optional(templateComponentsField),
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
  handler: async (input) => {
    const phone = await resolvePhone({ metaWabaId: input.metaWabaId, phoneNumberId: input.phoneNumberId });
    await assertTemplateSendable(phone.account, input.name, input.language, input.components);
    return sendOutbound({ ...input, type: 'template', content: buildTemplate(input), preview: templatePreview(input) });
  },
});
