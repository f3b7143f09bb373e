import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { BUCKET_LAYOUT, PHONE_PREFIXES } from '../../shared/media/layout';
import { listFolders } from '../../shared/media/objects';
import { phoneDirectory } from './waba-folders';

export const eumListWabaFolders = defineAction({
  category: 'media',
  name: 'eum_list_waba_folders',
  description:
    "The media bucket's layout and its per-number folders (media/<phoneNumberId>/, inbound/<phoneNumberId>/), grouped by WABA. Folders of numbers no longer linked are listed under unlinked.",
  input: z.object({}),
  handler: async () => {
    const [directory, ...perPrefix] = await Promise.all([phoneDirectory(), ...PHONE_PREFIXES.map((p) => listFolders(p))]);
    const wabas = new Map<string, { metaWabaId: string; wabaName: string; phoneNumbers: Map<string, { phoneNumberId: string; displayPhoneNumber: string; folders: string[] }> }>();
    const unlinked: string[] = [];
    for (const folder of perPrefix.flat()) {
      const phoneNumberId = folder.split('/')[1]!;
      const owner = directory.get(phoneNumberId);
      if (!owner) {
        unlinked.push(folder);
        continue;
      }
      const waba = wabas.get(owner.metaWabaId) ?? { metaWabaId: owner.metaWabaId, wabaName: owner.wabaName, phoneNumbers: new Map() };
      wabas.set(owner.metaWabaId, waba);
      const phone = waba.phoneNumbers.get(phoneNumberId) ?? { phoneNumberId, displayPhoneNumber: owner.displayPhoneNumber, folders: [] };
      waba.phoneNumbers.set(phoneNumberId, phone);
      phone.folders.push(folder);
    }
    return {
      bucket: getConfig().MEDIA_BUCKET,
      layout: BUCKET_LAYOUT,
      wabas: [...wabas.values()].map((w) => ({ ...w, phoneNumbers: [...w.phoneNumbers.values()] })),
      unlinked,
    };
  },
});
