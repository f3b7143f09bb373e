import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The flows actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const flowActions = defineCategoryActions('flows', {
  create_flow: () => import('./create-flow'),
  get_flows: () => import('./get-flows'),
  get_flow: () => import('./get-flow'),
  update_flow: () => import('./update-flow'),
  publish_flow: () => import('./flow-transitions'),
  deprecate_flow: () => import('./flow-transitions'),
  delete_flow: () => import('./flow-transitions'),
  flow_health_check: () => import('./get-flow'),
  get_flow_responses: () => import('./get-flow-responses'),
  flow_completion: () => import('./flow-completion'),
  send_flow_message: () => import('./aliases'),
});
