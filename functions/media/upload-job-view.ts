import type { MediaUploadJobItem } from '../../shared/table/media-upload-jobs';

/** A background upload as upload_media (202) and get_media_upload_job show it. */
export function uploadJobView(job: MediaUploadJobItem) {
  return {
    jobId: job.jobId,
    status: job.status,
    s3Key: job.s3Key,
    mimeType: job.mimeType,
    size: job.size,
    kind: job.kind,
    phoneNumberId: job.phoneNumberId,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    attempts: job.attempts,
    ...(job.mediaId ? { mediaId: job.mediaId } : {}),
    ...(job.error ? { error: job.error.error, errorStatusCode: job.error.statusCode } : {}),
  };
}
