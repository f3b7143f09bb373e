import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { buildContacts, contactsField, contactsPreview } from '../../shared/whatsapp/schemas/contacts';

export const sendContacts = defineAction({
  category: 'messaging',
  name: 'send_contacts',
  sends: true,
  description: "Sends contact cards in Meta's shape (name.formatted_name required; phones, emails, addresses, org, urls, birthday optional).",
  input: withAliases(z.object({ ...sendFields, contacts: contactsField }), sendAliases),
  handler: async (input) =>
    sendOutbound({ ...input, type: 'contacts', content: buildContacts(input.contacts), preview: contactsPreview(input.contacts) }),
});
