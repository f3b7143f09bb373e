import * as z from '../../shared/zod';
import { expandAction, type ActionManifest } from '../../shared/actions/manifest';
import { Categories, defineAction } from '../../shared/actions/registry';
import manifestJson from './action-manifest.json';

/**
 * Every action's help entry, generated from the registry (`npm run docs`; shared/actions/manifest.ts). Reading it
 * instead of the registry keeps the other categories' code out of this function's bundle.
 */
export const manifest = manifestJson as unknown as ActionManifest;

const helpInput = z.object({
  category: z.optional(z.enum(Categories)).check(z.describe('Only this category')),
});

type Entry = ReturnType<typeof expandAction> & { apiKey?: false; authentication?: string };

/**
 * Actions, and after them the routes without the API key (flow_data_exchange: WhatsApp calls it), each marked
 * `apiKey: false` with how it authenticates its caller instead.
 */
function listing(category?: string) {
  const actions: Entry[] = manifest.actions.filter((a) => !category || a.category === category).map((a) => expandAction(manifest, a));
  const routes: Entry[] = (manifest.routes ?? [])
    .filter((r) => !category || r.category === category)
    .map(({ category: c, action, method, path, description, authentication }) => ({ category: c, action, method, path, description, required: [], fields: {}, apiKey: false, authentication }));
  const byCategory: Record<string, Entry[]> = {};
  for (const a of [...actions, ...routes]) (byCategory[a.category] ??= []).push(a);
  return { count: actions.length + routes.length, categories: byCategory };
}

export const help = defineAction({
  category: 'config',
  name: 'help',
  description:
    'Every action by category with its path, description, required fields and field schemas; routes WhatsApp calls without an API key (flow_data_exchange) are listed too, with apiKey: false and how they authenticate the caller.',
  input: helpInput,
  handler: async ({ category }) => ({
    usage:
      'POST /<category>/<action> with a JSON body and "Authorization: Bearer <api key>", or invoke the category function with {"action": "<action>", ...}.',
    ...listing(category),
  }),
});

export const listActions = defineAction({
  category: 'config',
  name: 'list_actions',
  description:
    'Action names and paths by category; an alias (a seed name for an action here) shows what it stands for in aliasOf; a route WhatsApp calls without an API key (flow_data_exchange) shows apiKey: false and how it authenticates the caller.',
  input: helpInput,
  handler: async ({ category }) => {
    const { count, categories } = listing(category);
    const compact: Record<string, { action: string; path: string; required: string[]; aliasOf?: string; apiKey?: false; authentication?: string }[]> = {};
    for (const [c, list] of Object.entries(categories)) {
      compact[c] = list.map(({ action, path, required, aliasOf, apiKey, authentication }) => ({
        action,
        path,
        required,
        ...(aliasOf ? { aliasOf } : {}),
        ...(apiKey === false ? { apiKey, authentication } : {}),
      }));
    }
    return { count, categories: compact };
  },
});
