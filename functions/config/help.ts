import * as z from 'zod';
import { expandAction, type ActionManifest } from '../../shared/actions/manifest';
import { Categories, defineAction } from '../../shared/actions/registry';
import manifestJson from './action-manifest.json';

/**
 * Every action's help entry, generated from the registry (`npm run docs`; shared/actions/manifest.ts). Reading it
 * instead of the registry keeps the other categories' code out of this function's bundle.
 */
export const manifest = manifestJson as unknown as ActionManifest;

const helpInput = z.object({
  category: z.enum(Categories).optional().describe('Only this category'),
});

function listing(category?: string) {
  const actions = manifest.actions.filter((a) => !category || a.category === category).map((a) => expandAction(manifest, a));
  const byCategory: Record<string, typeof actions> = {};
  for (const a of actions) (byCategory[a.category] ??= []).push(a);
  return { count: actions.length, categories: byCategory };
}

export const help = defineAction({
  category: 'config',
  name: 'help',
  description: 'Every action by category with its path, description, required fields and field schemas.',
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
  description: 'Action names and paths by category; an alias (a seed name for an action here) shows what it stands for in aliasOf.',
  input: helpInput,
  handler: async ({ category }) => {
    const { count, categories } = listing(category);
    const compact: Record<string, { action: string; path: string; required: string[]; aliasOf?: string }[]> = {};
    for (const [c, list] of Object.entries(categories)) {
      compact[c] = list.map(({ action, path, required, aliasOf }) => ({ action, path, required, ...(aliasOf ? { aliasOf } : {}) }));
    }
    return { count, categories: compact };
  },
});
