import { presignGet } from '../../shared/media/presign';

/** How long a message's media link works: long enough to open a chat, short enough not to leak for long. */
export const MEDIA_URL_SECONDS = 15 * 60;

/**
 * Messages whose media was saved to the bucket at ingest (`mediaS3Key`) get a presigned GET link to it
 * (`mediaUrl`, `mediaUrlExpiresAt`). Signing is local (no request), so a page of messages costs nothing extra.
 */
export async function withMediaUrls(items: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  return Promise.all(
    items.map(async (m) => {
      if (typeof m.mediaS3Key !== 'string' || !m.mediaS3Key) return m;
      const { url, expiresAt } = await presignGet(m.mediaS3Key, MEDIA_URL_SECONDS);
      return { ...m, mediaUrl: url, mediaUrlExpiresAt: expiresAt };
    }),
  );
}
