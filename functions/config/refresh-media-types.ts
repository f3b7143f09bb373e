import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfigSnapshot, putConfigSnapshot } from '../../shared/table/config-snapshots';
import { nowIso } from '../../shared/time';
import { changedKinds, mediaTypesInForce, type MediaTypes } from './media-types';

export const refreshMediaTypes = defineAction({
  category: 'config',
  name: 'refresh_media_types',
  description:
    'Stores the media types and limits this deployment enforces in the table (CONFIG#MEDIA_TYPES, where the seed kept them for other tools) and says which kinds changed since the last refresh. The limits themselves change only with a deployment.',
  input: z.object({}),
  handler: async () => {
    const inForce = mediaTypesInForce();
    const before = await getConfigSnapshot<MediaTypes>('media-types');
    const refreshedAt = nowIso();
    await putConfigSnapshot({ name: 'media-types', data: inForce, refreshedAt });
    return { mediaTypes: inForce, changedKinds: changedKinds(before?.data, inForce), previousRefreshAt: before?.refreshedAt ?? null, refreshedAt };
  },
});
