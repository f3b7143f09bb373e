import type { AnyAction, Category } from '../shared/actions/registry';
import { configActions } from './config/actions';
import { conversationActions } from './conversations/actions';
import { messagingActions } from './messaging/actions';

/**
 * Every action, once. serverless.yml's routes (resources/functions.cjs), `help`, and the route/registry drift test
 * all read this list; each category's handler imports only its own actions.
 */
export const allActions: AnyAction[] = [...configActions, ...messagingActions, ...conversationActions];

export const categoryDescriptions: Partial<Record<Category, string>> = {
  config: 'Utility and configuration actions: ping, help, list_actions, get_config',
  messaging: 'Sends WhatsApp messages through EUM Social',
  conversations: 'Reads conversations and their messages',
};
