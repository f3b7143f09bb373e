import { getConversations } from './get-conversations';
import { getMessages } from './get-messages';

export const conversationActions = [getConversations, getMessages];
