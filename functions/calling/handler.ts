import { configure } from '../../shared/config';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { callingActions } from './actions';
import { needs } from './needs';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('calling', callingActions, { sendOnce: () => import('../../shared/http/send-once') });
