import type { Context } from 'aws-lambda';
import { configure } from '../../shared/config';
import { needs } from './needs';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { configActions } from './actions';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

/** Config's own actions, when POST / names one of them. */
const runHere = (event: Record<string, unknown>, context: Context) => handler(event, context);

export const handler = createCategoryHandler('config', configActions, {
  // This function also answers requests no route matched: name every real route in its 404. The action manifest
  // (./help) is unpacked on first use, so a get_wabas cold start never reads it.
  allPaths: async () => {
    const { manifest } = await import('./help');
    return [...manifest.actions, ...(manifest.routes ?? [])].map((a) => a.path);
  },
  // POST / (the seed's one URL) forwards to the action's category; config's own actions run here.
  oneUrl: async (event, context) => (await import('./one-url')).oneUrlEntry(runHere)(event, context),
});
