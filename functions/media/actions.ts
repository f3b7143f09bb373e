import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The media actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const mediaActions = defineCategoryActions('media', {
  upload_media: () => import('./upload-media'),
  get_media_upload_job: () => import('./get-media-upload-job'),
  download_media: () => import('./download-media'),
  get_media_url: () => import('./get-media-url'),
  get_upload_url: () => import('./get-upload-url'),
  delete_media: () => import('./delete-media'),
  validate_media: () => import('./validate-media'),
  eum_get_media_stats: () => import('./eum-get-media-stats'),
  eum_generate_s3_path: () => import('./eum-generate-s3-path'),
  eum_list_waba_folders: () => import('./eum-list-waba-folders'),
  eum_setup_s3_lifecycle: () => import('./eum-setup-s3-lifecycle'),
  eum_upload_media: () => import('./aliases'),
  eum_download_media: () => import('./aliases'),
  eum_get_supported_formats: () => import('./aliases'),
  eum_validate_media: () => import('./aliases'),
});
