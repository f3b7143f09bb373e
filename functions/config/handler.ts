import { configure } from '../../shared/config';
import { needs } from './needs';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { configActions } from './actions';
import { manifest } from './help';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

export const handler = createCategoryHandler('config', configActions, {
  // This function also answers requests no route matched: name every real route in its 404.
  allPaths: async () => manifest.actions.map((a) => a.path),
});
