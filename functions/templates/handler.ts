import { getConfig } from '../../shared/config';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { templateActions } from './actions';

// Fail at cold start, not on the first request, when the environment is wrong.
getConfig();

export const handler = createCategoryHandler('templates', templateActions);
