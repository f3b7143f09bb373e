import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The webhooks actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const webhookActions = defineCategoryActions('webhooks', {
  list_dead_letters: () => import('./list-dead-letters'),
  replay_dead_letters: () => import('./replay-dead-letters'),
});
