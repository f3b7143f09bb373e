import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The groups actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const groupActions = defineCategoryActions('groups', {
  create_group: () => import('./create-group'),
  get_groups: () => import('./get-groups'),
  get_group_info: () => import('./get-group-info'),
  update_group: () => import('./update-group'),
  delete_group: () => import('./delete-group'),
  get_group_invite_link: () => import('./invite-link'),
  reset_group_invite_link: () => import('./invite-link'),
  add_group_participant: () => import('./participants'),
  remove_group_participant: () => import('./participants'),
  get_group_join_requests: () => import('./join-requests'),
  approve_group_join_requests: () => import('./join-requests'),
  reject_group_join_requests: () => import('./join-requests'),
  send_group_message: () => import('./send-group-message'),
  get_group_messages: () => import('./get-group-messages'),
});
