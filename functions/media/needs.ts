import { defineNeeds, linkedAccounts } from '../../shared/needs';

export const needs = defineNeeds(linkedAccounts, {
  // eum_get_supported_formats compares the stored copy of the media types (configSnapshot).
  table: { read: ['mediaUpload', 'mediaDownload', 'mediaUploadJob', 'configSnapshot'], write: ['mediaUpload', 'mediaDownload', 'mediaUploadJob'], delete: ['mediaUpload', 'mediaDownload'] },
  bucket: {
    // upload_media checks and hands an object to EUM; get_media_url presigns GETs to any stored copy.
    read: ['uploads', 'downloads', 'inbound'],
    // get_upload_url presigns PUTs under uploads/; download_media has EUM write under media/.
    write: ['uploads', 'downloads'],
    // delete_media removes the copies its media id names (uploads, downloads, and media ingest saved).
    delete: ['uploads', 'downloads', 'inbound'],
    // download_media finds the object EUM named; HeadObject on a missing key is a 404, not a 403.
    list: true,
    // eum_setup_s3_lifecycle reports the rules S3 applies.
    lifecycle: true,
  },
  eum: ['PostWhatsAppMessageMedia', 'GetWhatsAppMessageMedia', 'DeleteWhatsAppMessageMedia'],
  // upload_media runs large uploads in the background: an async invocation of this function (shared/media/upload-jobs.ts).
  invoke: true,
});
