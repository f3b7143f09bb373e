import { conversationAliases } from './aliases';
import { archiveConversation, unarchiveConversation } from './archive-conversation';
import { exportMessages } from './export-messages';
import { getArchivedConversations } from './get-archived-conversations';
import { getConversationAction } from './get-conversation';
import { getConversations } from './get-conversations';
import { getDeliveryStatus } from './get-delivery-status';
import { getFailedMessages } from './get-failed-messages';
import { getMessage } from './get-message';
import { getMessages } from './get-messages';
import { getUnreadCount } from './get-unread-count';
import { markConversationRead } from './mark-conversation-read';
import { searchMessages } from './search-messages';
import { updateConversationAction } from './update-conversation';

export const conversationActions = [
  getConversations,
  getConversationAction,
  getArchivedConversations,
  getMessages,
  getMessage,
  markConversationRead,
  archiveConversation,
  unarchiveConversation,
  updateConversationAction,
  getUnreadCount,
  searchMessages,
  exportMessages,
  getDeliveryStatus,
  getFailedMessages,
  ...conversationAliases,
];
