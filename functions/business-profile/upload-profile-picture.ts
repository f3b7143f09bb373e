import { basename } from 'node:path';
import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { graphCall } from '../../shared/graph/client';
import { graphTarget } from '../../shared/graph/target';
import { getGraphCredentials } from '../../shared/graph/tokens';
import { readObject } from '../../shared/media/objects';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { syncProfile } from './profile-sync';

/** WhatsApp profile photos: JPEG or PNG, at most 5 MB (Meta's resumable upload takes jpeg/jpg/png for images). */
const TYPES: Record<string, string> = { 'image/jpeg': 'image/jpeg', 'image/jpg': 'image/jpeg', 'image/png': 'image/png' };
const MAX_BYTES = 5 * 1024 * 1024;

function sniffType(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  return undefined;
}

export const uploadProfilePicture = defineAction({
  category: 'business-profile',
  name: 'upload_profile_picture',
  description:
    "Sets the business number's profile photo from an image in the media bucket (JPEG/PNG ≤ 5 MB; put it there with get_upload_url): Graph's resumable upload, then the profile's profile_picture_handle.",
  input: z.object({
    s3Key: z.string().check(z.minLength(1), z.describe('Key of the image in the media bucket')),
    ...senderFields,
  }),
  handler: async (input) => {
    const target = await graphTarget(input);
    const { bytes, contentType } = await readObject(input.s3Key);
    const type = sniffType(bytes) ?? TYPES[contentType ?? ''];
    if (!type) throw new ValidationError([{ field: 's3Key', reason: `must be a JPEG or PNG image (found ${contentType ?? 'unknown type'})` }]);
    if (bytes.length > MAX_BYTES) throw new ValidationError([{ field: 's3Key', reason: `at most 5 MB (Meta limit); this file is ${bytes.length} bytes` }]);
    const { appId } = await getGraphCredentials(target.wabaId);
    if (!appId) {
      throw new ValidationError([
        { field: 'appId', reason: "Graph's resumable upload needs your Meta app id: store it with set_graph_token {token, appId}" },
      ]);
    }
    const session = await graphCall<{ id: string }>({
      wabaId: target.wabaId,
      method: 'POST',
      path: `${appId}/uploads`,
      query: { file_name: basename(input.s3Key), file_length: bytes.length, file_type: type },
    });
    const uploaded = await graphCall<{ h?: string }>({
      wabaId: target.wabaId,
      method: 'POST',
      path: session.id,
      authScheme: 'OAuth',
      binary: { bytes, headers: { file_offset: '0', 'content-type': 'application/octet-stream' } },
    });
    if (!uploaded.h) throw new ValidationError([{ field: 's3Key', reason: 'Graph did not finish the upload (no handle returned)' }]);
    await graphCall({
      wabaId: target.wabaId,
      method: 'POST',
      path: `${target.metaPhoneNumberId}/whatsapp_business_profile`,
      json: { messaging_product: 'whatsapp', profile_picture_handle: uploaded.h },
    });
    const { profile, syncedAt } = await syncProfile(target, { fields: ['profile_picture'], via: 'upload_profile_picture' });
    return { metaWabaId: target.wabaId, s3Key: input.s3Key, bytes: bytes.length, mimeType: type, profilePictureUrl: profile.profile_picture_url, profile, syncedAt };
  },
});
