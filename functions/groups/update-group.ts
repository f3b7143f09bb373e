import { basename } from 'node:path';
import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { graphCall } from '../../shared/graph/client';
import { readObject } from '../../shared/media/objects';
import { updateGroupFields } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { descriptionField, graphTarget, groupIdField, groupOwner, subjectField } from './group-fields';

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const updateGroup = defineAction({
  category: 'groups',
  name: 'update_group',
  description: "Changes a group's subject (≤128), description (≤2048) and/or photo (a square JPEG ≤5 MB from the media bucket, photoS3Key).",
  input: z.object({ groupId: groupIdField, subject: z.optional(subjectField), description: z.optional(descriptionField), photoS3Key: z.optional(z.string().check(
      z.minLength(1),
    )), ...senderFields }).check(
    z.refine((v) => v.subject !== undefined || v.description !== undefined || v.photoS3Key !== undefined, {
        message: 'give at least one of subject, description, photoS3Key',
        path: ['subject'],
      }),
  ),
  handler: async (input) => {
    const t = await graphTarget(input);
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    if (input.subject !== undefined) form.set('subject', input.subject);
    if (input.description !== undefined) form.set('description', input.description);
    if (input.photoS3Key) {
      const { bytes } = await readObject(input.photoS3Key);
      if (!(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)) throw new ValidationError([{ field: 'photoS3Key', reason: 'must be a JPEG image (Meta accepts only JPEG group photos)' }]);
      if (bytes.length > MAX_PHOTO_BYTES) throw new ValidationError([{ field: 'photoS3Key', reason: `at most 5 MB (Meta limit); this file is ${bytes.length} bytes` }]);
      form.set('file', new Blob([bytes], { type: 'image/jpeg' }), basename(input.photoS3Key));
    }
    await graphCall({ wabaId: t.wabaId, method: 'POST', path: input.groupId, form });
    const changed = { subject: input.subject, description: input.description, ...(input.photoS3Key ? { photoS3Key: input.photoS3Key } : {}) };
    await updateGroupFields(input.groupId, groupOwner(t), changed);
    return { groupId: input.groupId, updated: Object.keys(changed).filter((k) => changed[k as keyof typeof changed] !== undefined) };
  },
});
