import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The business-profile actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const businessProfileActions = defineCategoryActions('business-profile', {
  get_business_profile: () => import('./get-business-profile'),
  update_business_profile: () => import('./update-business-profile'),
  upload_profile_picture: () => import('./upload-profile-picture'),
  get_business_profile_apply_instructions: () => import('./apply-by-hand'),
  mark_business_profile_applied: () => import('./apply-by-hand'),
});
