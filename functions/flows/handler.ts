import { configure } from '../../shared/config';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { flowActions } from './actions';
import { needs } from './needs';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('flows', flowActions, { sendOnce: () => import('../../shared/http/send-once') });
