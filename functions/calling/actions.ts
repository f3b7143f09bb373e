import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The calling actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const callingActions = defineCategoryActions('calling', {
  get_call_settings: () => import('./call-settings'),
  update_call_settings: () => import('./call-settings'),
  send_call_permission_request: () => import('./send-call-permission-request'),
  initiate_call: () => import('./initiate-call'),
  update_call_status: () => import('./update-call-status'),
  get_call_logs: () => import('./get-call-logs'),
  create_call_deeplink: () => import('./create-call-deeplink'),
});
