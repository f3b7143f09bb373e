import { configure } from '../../shared/config';
import { needs } from './needs';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { conversationActions } from './actions';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('conversations', conversationActions, { sendOnce: () => import('../../shared/http/send-once') });
