import { deleteMedia } from './delete-media';
import { downloadMediaAction, eumDownloadMedia } from './download-media';
import { getMediaUrl } from './get-media-url';
import { getUploadUrl } from './get-upload-url';
import { eumUploadMedia, uploadMedia } from './upload-media';

export const mediaActions = [uploadMedia, downloadMediaAction, getMediaUrl, getUploadUrl, deleteMedia, eumUploadMedia, eumDownloadMedia];
