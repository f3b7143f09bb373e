import { s3Client, s3Sdk } from '../aws/clients';
import { getConfig } from '../config';
import { NotFoundError } from '../errors';

/** Objects of the media bucket. Every key here is relative to MEDIA_BUCKET; callers never name another bucket. */

export interface ObjectInfo {
  key: string;
  size: number;
  contentType?: string;
  lastModified?: string;
}

const isNotFound = (err: unknown) =>
  err instanceof s3Sdk().S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

/** HeadObject; a missing object is a 404 that names the key. */
export async function headObject(key: string): Promise<ObjectInfo> {
  const bucket = getConfig().MEDIA_BUCKET;
  try {
    const out = await s3Client().send(new (s3Sdk().HeadObjectCommand)({ Bucket: bucket, Key: key }));
    return {
      key,
      size: out.ContentLength ?? 0,
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
      ...(out.LastModified ? { lastModified: out.LastModified.toISOString() } : {}),
    };
  } catch (err) {
    if (isNotFound(err)) throw new NotFoundError(`No object '${key}' in the media bucket (${bucket})`, { s3Key: key });
    throw err;
  }
}

/** Whether the object exists (HeadObject without the 404). */
export async function objectExists(key: string): Promise<boolean> {
  try {
    await headObject(key);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** A whole object (small files only: profile and group photos are at most 5 MB); a missing one is a 404. */
export async function readObject(key: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
  const info = await headObject(key);
  const out = await s3Client().send(new (s3Sdk().GetObjectCommand)({ Bucket: getConfig().MEDIA_BUCKET, Key: key }));
  const bytes = await out.Body!.transformToByteArray();
  return { bytes, ...(info.contentType ? { contentType: info.contentType } : {}) };
}

/** The first `length` bytes of an object (a ranged GET), e.g. to read a file header without the whole file. */
export async function readObjectHead(key: string, length: number): Promise<Uint8Array> {
  const out = await s3Client().send(
    new (s3Sdk().GetObjectCommand)({ Bucket: getConfig().MEDIA_BUCKET, Key: key, Range: `bytes=0-${length - 1}` }),
  );
  const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  // A server that ignores Range sends everything; only the head was asked for.
  return bytes.subarray(0, length);
}

/** Objects whose key starts with `prefix`, newest first. */
export async function listObjects(prefix: string): Promise<ObjectInfo[]> {
  const found: ObjectInfo[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3Client().send(
      new (s3Sdk().ListObjectsV2Command)({ Bucket: getConfig().MEDIA_BUCKET, Prefix: prefix, ContinuationToken }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}) });
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return found.sort((a, b) => (b.lastModified ?? '').localeCompare(a.lastModified ?? ''));
}

/** Deletes an object; deleting a missing one succeeds, as S3 itself does. */
export async function deleteObject(key: string): Promise<void> {
  await s3Client().send(new (s3Sdk().DeleteObjectCommand)({ Bucket: getConfig().MEDIA_BUCKET, Key: key }));
}

/** The "folders" directly under `prefix` (ListObjectsV2 with a / delimiter), e.g. media/<phoneNumberId>/. */
export async function listFolders(prefix: string): Promise<string[]> {
  const folders: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3Client().send(
      new (s3Sdk().ListObjectsV2Command)({ Bucket: getConfig().MEDIA_BUCKET, Prefix: prefix, Delimiter: '/', ContinuationToken }),
    );
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return folders;
}

/**
 * Walks the objects under `prefix` page by page (1,000 keys each) without holding them all, stopping after
 * `max` objects. Returns whether it stopped early.
 */
export async function forEachObject(prefix: string, max: number, visit: (o: ObjectInfo) => void): Promise<{ truncated: boolean; seen: number }> {
  let seen = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await s3Client().send(new (s3Sdk().ListObjectsV2Command)({ Bucket: getConfig().MEDIA_BUCKET, Prefix: prefix, ContinuationToken }));
    for (const o of page.Contents ?? []) {
      if (seen === max) return { truncated: true, seen };
      if (o.Key) visit({ key: o.Key, size: o.Size ?? 0 });
      seen += 1;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return { truncated: false, seen };
}
