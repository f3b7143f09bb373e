import { randomUUID } from 'node:crypto';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../aws/clients';
import { getConfig } from '../config';
import { AppError } from '../errors';
import { logger } from '../observability/powertools';
import { claimUploadJob, finishUploadJob, getUploadJob, putUploadJob, type MediaUploadJobItem } from '../table/media-upload-jobs';
import { nowIso } from '../time';
import { postToWhatsApp, storedObject, type CheckedObject } from './upload';

/**
 * Uploads to WhatsApp that may not finish within an API call (API Gateway gives up after 29 s; EUM Social reads the
 * object from S3 and hands it to Meta, about 100 MB at most). The API call records a MEDIA_UPLOAD_JOB and invokes
 * the media function asynchronously (InvocationType Event, as S3 or SNS would: Lambda queues the event, retries a
 * failed run twice, and the function has its own, longer timeout); it answers 202 with the job id at once. The run
 * records the media id (and the MEDIA_UPLOAD item) or the error on the job, which get_media_upload_job reads.
 */

/** How long one run may wait for EUM Social: under the media function's timeout (resources/functions.cjs). */
export const JOB_UPLOAD_TIMEOUT_MS = 240_000;

/** The event an upload job's async invocation carries: nothing else reaches the function in this shape. */
export interface UploadJobEvent {
  mediaUploadJob: { jobId: string };
}

export const isUploadJobEvent = (event: unknown): event is UploadJobEvent =>
  typeof (event as UploadJobEvent | null)?.mediaUploadJob?.jobId === 'string' && !('action' in (event as object));

/** The media function's own name: the async invocation goes back to it. */
function mediaFunctionName(): string {
  const prefix = getConfig().FUNCTION_NAME_PREFIX;
  if (!prefix) throw new AppError('Uploads that run in the background need FUNCTION_NAME_PREFIX, which is not set for this function', 500);
  return `${prefix}media`;
}

/** Records the job and queues its run; returns the job as stored (`pending`). */
export async function startUploadJob(phoneNumberId: string, checked: CheckedObject): Promise<MediaUploadJobItem> {
  const job = await putUploadJob({
    jobId: randomUUID(),
    ...storedObject(checked),
    phoneNumberId,
    createdAt: nowIso(),
  });
  const event: UploadJobEvent = { mediaUploadJob: { jobId: job.jobId } };
  try {
    await lambdaClient().send(
      new InvokeCommand({ FunctionName: mediaFunctionName(), InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
  } catch (err) {
    // Nothing will run it: say so on the job, so a caller polling it is not left waiting.
    const error = { statusCode: 502, error: 'The background upload could not be queued (Lambda Invoke failed); upload again.' };
    await finishUploadJob(job.jobId, { error }, nowIso());
    throw new AppError(error.error, 502, { jobId: job.jobId }, { cause: err });
  }
  return job;
}

/**
 * One run of a job (the async invocation). An error that retrying cannot fix (the object changed, EUM refused it)
 * ends the job `failed`; a retryable one is rethrown, so Lambda runs the job again (twice at most), and the last
 * attempt records it.
 */
export async function runUploadJob(event: UploadJobEvent, attemptsAllowed = 3): Promise<MediaUploadJobItem | undefined> {
  const { jobId } = event.mediaUploadJob;
  if (!(await claimUploadJob(jobId, nowIso()))) {
    logger.info('media upload job already finished or unknown', { jobId });
    return getUploadJob(jobId);
  }
  const job = (await getUploadJob(jobId))!;
  try {
    const uploaded = await postToWhatsApp(job.phoneNumberId, job, { requestTimeoutMs: JOB_UPLOAD_TIMEOUT_MS });
    await finishUploadJob(jobId, { mediaId: uploaded.mediaId }, nowIso());
  } catch (err) {
    const retryable = (err as { retryable?: boolean }).retryable === true || !(err instanceof AppError);
    if (retryable && job.attempts < attemptsAllowed) throw err;
    const statusCode = err instanceof AppError ? err.statusCode : 502;
    const message = err instanceof AppError && statusCode < 500 ? err.message : `The upload to WhatsApp failed (${(err as Error).name}).`;
    logger.error('media upload job failed', { jobId, error: err as Error });
    await finishUploadJob(jobId, { error: { statusCode, error: message } }, nowIso());
  }
  return getUploadJob(jobId);
}
