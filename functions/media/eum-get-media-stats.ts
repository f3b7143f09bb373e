import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { BUCKET_LAYOUT, phoneOfKey } from '../../shared/media/layout';
import { formatBytes, kindOfMime } from '../../shared/media/limits';
import { forEachObject } from '../../shared/media/objects';
import { phoneDirectory } from './waba-folders';

const MAX_OBJECTS = 50_000;

/** image/video/… by file extension (the bucket keeps no MIME type in listings). */
const EXT_KIND: Record<string, string> = {
  jpg: 'image', jpeg: 'image', png: 'image', mp4: 'video', '3gp': 'video', aac: 'audio', amr: 'audio', mp3: 'audio', m4a: 'audio', ogg: 'audio', opus: 'audio',
  webp: 'sticker', txt: 'document', pdf: 'document', doc: 'document', docx: 'document', xls: 'document', xlsx: 'document', ppt: 'document', pptx: 'document',
  jsonl: 'export', csv: 'export',
};
const kindOfKey = (key: string): string => {
  const ext = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1).toLowerCase() : '';
  return EXT_KIND[ext] ?? kindOfMime(ext) ?? 'other';
};

type Tally = { objects: number; bytes: number };
const add = (map: Map<string, Tally>, key: string, size: number) => {
  const t = map.get(key) ?? { objects: 0, bytes: 0 };
  t.objects += 1;
  t.bytes += size;
  map.set(key, t);
};
const present = (map: Map<string, Tally>) => Object.fromEntries([...map].map(([k, t]) => [k, { ...t, size: formatBytes(t.bytes) }]));

export const eumGetMediaStats = defineAction({
  category: 'media',
  name: 'eum_get_media_stats',
  description: `What the media bucket holds: object count and bytes per WABA (from the phone-number folders), per kind (by file extension) and per top-level prefix (uploads/, media/, inbound/, exports/). Lists the bucket page by page; at most ${MAX_OBJECTS.toLocaleString('en-US')} objects per call (truncated says so).`,
  input: z.object({ prefix: z.optional(z.enum(BUCKET_LAYOUT.map((l) => l.prefix) as [string, ...string[]])).check(
    z.describe('Only this part of the bucket'),
  ) }),
  handler: async ({ prefix }) => {
    const directory = await phoneDirectory();
    const byWaba = new Map<string, Tally>();
    const byKind = new Map<string, Tally>();
    const byPrefix = new Map<string, Tally>();
    let total = 0;
    const { truncated, seen } = await forEachObject(prefix ?? '', MAX_OBJECTS, (o) => {
      total += o.size;
      add(byPrefix, `${o.key.split('/')[0]}/`, o.size);
      add(byKind, kindOfKey(o.key), o.size);
      const phone = phoneOfKey(o.key);
      if (phone) add(byWaba, directory.get(phone)?.metaWabaId ?? `unlinked:${phone}`, o.size);
    });
    return {
      bucket: getConfig().MEDIA_BUCKET,
      objects: seen,
      bytes: total,
      size: formatBytes(total),
      byWaba: present(byWaba),
      byKind: present(byKind),
      byPrefix: present(byPrefix),
      truncated,
    };
  },
});
