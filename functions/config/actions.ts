import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The config actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const configActions = defineCategoryActions('config', {
  ping: () => import('./ping'),
  help: () => import('./help'),
  list_actions: () => import('./help'),
  get_config: () => import('./get-config'),
  get_wabas: () => import('./get-wabas'),
  get_phone_info: () => import('./get-phone-info'),
  get_quality: () => import('./get-quality'),
  refresh_quality: () => import('./refresh-quality'),
  get_infra: () => import('./get-infra'),
  refresh_infra: () => import('./refresh-infra'),
  get_media_types: () => import('./get-media-types'),
  refresh_media_types: () => import('./refresh-media-types'),
  get_best_practices: () => import('./get-best-practices'),
  set_graph_token: () => import('./set-graph-token'),
  get_supported_formats: () => import('./aliases'),
});
