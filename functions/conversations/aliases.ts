import { defineAlias } from '../../shared/actions/alias';
import { getMessage } from './get-message';
import { getMessages } from './get-messages';

/** The seed's conversation names that an action here already does under a clearer name. */
export const conversationAliases = [
  defineAlias({
    category: 'conversations',
    name: 'get_conversation_messages',
    of: getMessages,
    fields: { conversation_id: 'conversationId', conversationPk: 'conversationId', phone: 'customer', from: 'customer' },
  }),
  defineAlias({
    category: 'conversations',
    name: 'get_message_by_wa_id',
    of: getMessage,
    fields: { waMessageId: 'messageId', wa_message_id: 'messageId', wamid: 'messageId' },
    note: "Finds inbound messages and our outbound ones by Meta's wamid.",
  }),
];
