import { configure } from '../../shared/config';
import { needs } from './needs';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { messagingActions } from './actions';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('messaging', messagingActions, { sendOnce: () => import('../../shared/http/send-once') });
