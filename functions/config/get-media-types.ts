import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfigSnapshot } from '../../shared/table/config-snapshots';
import { changedKinds, mediaTypesInForce, type MediaTypes } from './media-types';

export const getMediaTypes = defineAction({
  category: 'config',
  name: 'get_media_types',
  description:
    "WhatsApp's media types and limits as enforced here (image jpeg/png 5 MB, video mp4/3gpp 16 MB, audio 16 MB, document 100 MB, sticker webp 100/500 KB): MIME types, extensions, byte limits, whether a caption is allowed. Also says whether the copy refresh_media_types stored in the table matches.",
  input: z.object({ kind: z.optional(z.enum(['image', 'video', 'audio', 'document', 'sticker'])).check(
    z.describe('Only this kind'),
  ) }),
  handler: async ({ kind }) => {
    const inForce = mediaTypesInForce();
    const stored = await getConfigSnapshot<MediaTypes>('media-types');
    const mediaTypes = kind ? inForce.filter((t) => t.kind === kind) : inForce;
    return {
      mediaTypes,
      mimeTypes: mediaTypes.flatMap((t) => t.mimeTypes),
      source: 'shared/media/limits.ts (the rules every send and validate_media apply)',
      storedCopy: stored ? { refreshedAt: stored.refreshedAt, matches: changedKinds(stored.data, inForce).length === 0 } : null,
    };
  },
});
