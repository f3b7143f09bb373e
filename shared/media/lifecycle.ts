import { GetBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients';
import { getConfig } from '../config';

/**
 * The media bucket's lifecycle. It is declared in resources/media-bucket.yml (one expiry for every prefix, from
 * WA_MEDIA_EXPIRATION_DAYS, which is also the TTL of MEDIA_DOWNLOAD items), so CloudFormation owns it; this module
 * only reads it.
 */
export const DECLARED_IN = 'resources/media-bucket.yml (LifecycleConfiguration of MediaBucket)';

export function declaredLifecycle() {
  const days = getConfig().MEDIA_EXPIRATION_DAYS;
  return {
    source: DECLARED_IN,
    rules: [
      { id: 'expire-media', status: 'Enabled', prefix: '', expirationDays: days, noncurrentVersionExpirationDays: 1 },
      { id: 'abort-incomplete-uploads', status: 'Enabled', prefix: '', abortIncompleteMultipartUploadDays: 1 },
    ],
  };
}

export type LiveLifecycle =
  | { readable: true; rules: Record<string, unknown>[] }
  | { readable: false; reason: string };

/** What S3 says the bucket's rules are now. An S3-compatible server without the lifecycle API is reported as unreadable, with its error, not as a match or a mismatch. */
export async function liveLifecycle(): Promise<LiveLifecycle> {
  try {
    const out = await s3Client().send(new GetBucketLifecycleConfigurationCommand({ Bucket: getConfig().MEDIA_BUCKET }));
    const rules = (out.Rules ?? []).map((r) => ({
      id: r.ID,
      status: r.Status,
      prefix: r.Filter?.Prefix ?? r.Prefix ?? '',
      ...(r.Expiration?.Days !== undefined ? { expirationDays: r.Expiration.Days } : {}),
      ...(r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined ? { noncurrentVersionExpirationDays: r.NoncurrentVersionExpiration.NoncurrentDays } : {}),
      ...(r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
        ? { abortIncompleteMultipartUploadDays: r.AbortIncompleteMultipartUpload.DaysAfterInitiation }
        : {}),
    }));
    return { readable: true, rules };
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'NoSuchLifecycleConfiguration') return { readable: true, rules: [] };
    return { readable: false, reason: `${name}: ${(err as Error).message}` };
  }
}

/** Whether the live rules are the declared ones (ids and day counts). */
export function lifecycleMatches(live: LiveLifecycle): boolean | null {
  if (!live.readable) return null;
  const key = (r: Record<string, unknown>) => JSON.stringify([r.id, r.status, r.expirationDays, r.abortIncompleteMultipartUploadDays]);
  const declared = declaredLifecycle().rules.map(key).sort();
  return JSON.stringify(live.rules.map(key).sort()) === JSON.stringify(declared);
}
