import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { ItemType, keys } from './keys';

/**
 * MEDIA_UPLOAD_JOB (`MEDIA_UPLOAD_JOB#{jobId}`): an upload to WhatsApp that runs outside the API call that asked for
 * it (shared/media/upload-jobs.ts). `pending` until the media function's async invocation claims it, `running`
 * while EUM Social uploads, then `succeeded` with the media id (its MEDIA_UPLOAD item is written too) or `failed`
 * with the error. Kept a week: long enough to read the outcome, not forever.
 */

export const UploadJobStatus = { Pending: 'pending', Running: 'running', Succeeded: 'succeeded', Failed: 'failed' } as const;
export type UploadJobStatus = (typeof UploadJobStatus)[keyof typeof UploadJobStatus];

const KEEP_DAYS = 7;

export interface MediaUploadJobItem {
  pk: string;
  itemType: typeof ItemType.MediaUploadJob;
  jobId: string;
  status: UploadJobStatus;
  s3Key: string;
  mimeType: string;
  size: number;
  kind: string;
  phoneNumberId: string;
  createdAt: string;
  updatedAt: string;
  /** Claims so far: Lambda retries a failed async invocation twice. */
  attempts: number;
  mediaId?: string;
  /** The failure as the caller would have got it: `{statusCode, error}`. */
  error?: { statusCode: number; error: string };
  ttl: number;
}

export async function putUploadJob(
  job: Pick<MediaUploadJobItem, 'jobId' | 's3Key' | 'mimeType' | 'size' | 'kind' | 'phoneNumberId' | 'createdAt'>,
  db: Table = defaultTable(),
): Promise<MediaUploadJobItem> {
  const item: MediaUploadJobItem = {
    pk: keys.mediaUploadJob(job.jobId),
    itemType: ItemType.MediaUploadJob,
    ...job,
    status: UploadJobStatus.Pending,
    updatedAt: job.createdAt,
    attempts: 0,
    ttl: Math.floor(Date.parse(job.createdAt) / 1000) + KEEP_DAYS * 86_400,
  };
  await db.client.send(new PutCommand({ TableName: db.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  return item;
}

export async function getUploadJob(jobId: string, db: Table = defaultTable()): Promise<MediaUploadJobItem | undefined> {
  const out = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.mediaUploadJob(jobId) }, ConsistentRead: true }));
  return out.Item as MediaUploadJobItem | undefined;
}

/**
 * Claims a job for one run: only one that has not finished. A retried invocation (the first one crashed or timed
 * out while `running`) claims it again; an invocation delivered twice after success finds nothing to do.
 */
export async function claimUploadJob(jobId: string, now: string, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.mediaUploadJob(jobId) },
        UpdateExpression: 'SET #status = :running, updatedAt = :now ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :running)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': UploadJobStatus.Running, ':pending': UploadJobStatus.Pending, ':now': now, ':one': 1 },
      }),
    ),
  );
}

/** Records the outcome of a claimed job. */
export async function finishUploadJob(
  jobId: string,
  outcome: { mediaId: string } | { error: { statusCode: number; error: string } },
  now: string,
  db: Table = defaultTable(),
): Promise<void> {
  const succeeded = 'mediaId' in outcome;
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.mediaUploadJob(jobId) },
      UpdateExpression: `SET #status = :status, updatedAt = :now, ${succeeded ? 'mediaId = :result' : '#error = :result'}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status', ...(succeeded ? {} : { '#error': 'error' }) },
      ExpressionAttributeValues: {
        ':status': succeeded ? UploadJobStatus.Succeeded : UploadJobStatus.Failed,
        ':now': now,
        ':result': succeeded ? outcome.mediaId : outcome.error,
      },
    }),
  );
}
