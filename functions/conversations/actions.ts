import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The conversations actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const conversationActions = defineCategoryActions('conversations', {
  get_conversations: () => import('./get-conversations'),
  get_conversation: () => import('./get-conversation'),
  get_archived_conversations: () => import('./get-archived-conversations'),
  get_messages: () => import('./get-messages'),
  get_message: () => import('./get-message'),
  mark_conversation_read: () => import('./mark-conversation-read'),
  archive_conversation: () => import('./archive-conversation'),
  unarchive_conversation: () => import('./archive-conversation'),
  update_conversation: () => import('./update-conversation'),
  get_unread_count: () => import('./get-unread-count'),
  search_messages: () => import('./search-messages'),
  export_messages: () => import('./export-messages'),
  get_delivery_status: () => import('./get-delivery-status'),
  get_failed_messages: () => import('./get-failed-messages'),
  get_conversation_messages: () => import('./aliases'),
  get_message_by_wa_id: () => import('./aliases'),
});
