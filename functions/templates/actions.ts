import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The templates actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const templateActions = defineCategoryActions('templates', {
  get_templates: () => import('./get-templates'),
  get_template: () => import('./get-template'),
  get_local_templates: () => import('./get-local-templates'),
  refresh_templates: () => import('./refresh-templates'),
  create_template: () => import('./create-template'),
  create_marketing_template: () => import('./create-template'),
  update_template: () => import('./update-template'),
  delete_template: () => import('./delete-template'),
  set_template_ttl: () => import('./set-template-ttl'),
  get_template_library: () => import('./get-template-library'),
  use_library_template: () => import('./use-library-template'),
  get_template_quality: () => import('./get-template-quality'),
  get_template_pacing: () => import('./get-template-pacing'),
  send_utility_template: () => import('./send-utility-template'),
  send_auth_template: () => import('./send-auth-template'),
  send_coupon_template: () => import('./send-coupon-template'),
  send_limited_offer_template: () => import('./send-limited-offer-template'),
  send_carousel_template: () => import('./send-carousel-template'),
  send_catalog_template: () => import('./send-catalog-template'),
  send_mpm_template: () => import('./send-mpm-template'),
  send_flow_template: () => import('./send-flow-template'),
  send_checkout_template: () => import('./send-checkout-template'),
  templates: () => import('./aliases'),
  get_templates_meta: () => import('./aliases'),
  sync_templates_meta: () => import('./aliases'),
  cache_template_meta: () => import('./aliases'),
  create_template_meta: () => import('./aliases'),
  edit_template_meta: () => import('./aliases'),
  delete_template_meta: () => import('./aliases'),
  customize_template: () => import('./aliases'),
});
