import { mediaAliases } from './aliases';
import { deleteMedia } from './delete-media';
import { downloadMediaAction } from './download-media';
import { getMediaUploadJob } from './get-media-upload-job';
import { getMediaUrl } from './get-media-url';
import { getUploadUrl } from './get-upload-url';
import { eumGenerateS3Path } from './eum-generate-s3-path';
import { eumGetMediaStats } from './eum-get-media-stats';
import { eumListWabaFolders } from './eum-list-waba-folders';
import { eumSetupS3Lifecycle } from './eum-setup-s3-lifecycle';
import { uploadMedia } from './upload-media';
import { validateMedia } from './validate-media';

export const mediaActions = [
  uploadMedia, getMediaUploadJob, downloadMediaAction, getMediaUrl, getUploadUrl, deleteMedia,
  validateMedia,
  eumGetMediaStats,
  eumGenerateS3Path,
  eumListWabaFolders,
  eumSetupS3Lifecycle,
  ...mediaAliases,
];
