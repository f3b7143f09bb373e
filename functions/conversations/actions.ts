import { conversationAliases } from './aliases';
import { archiveConversation, unarchiveConversation } from './archive-conversation';
import { getConversations } from './get-conversations';
import { getMessage } from './get-message';
import { getMessages } from './get-messages';
import { markConversationRead } from './mark-conversation-read';

export const conversationActions = [
  getConversations,
  getMessages,
  getMessage,
  markConversationRead,
  archiveConversation,
  unarchiveConversation,
  ...conversationAliases,
];
