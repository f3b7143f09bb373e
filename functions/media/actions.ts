import { mediaAliases } from './aliases';
import { deleteMedia } from './delete-media';
import { downloadMediaAction } from './download-media';
import { getMediaUrl } from './get-media-url';
import { getUploadUrl } from './get-upload-url';
import { uploadMedia } from './upload-media';

export const mediaActions = [uploadMedia, downloadMediaAction, getMediaUrl, getUploadUrl, deleteMedia, ...mediaAliases];
