import { configure } from '../../shared/config';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { templateActions } from './actions';
import { needs } from './needs';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('templates', templateActions, { sendOnce: () => import('../../shared/http/send-once') });
