import * as z from 'zod';
import type { EumContext, EumRoutes } from '../context';
import { extensionForMime, resolveMimeType, type StoredMedia } from '../media-store';
import { EumError, constraintViolation, findPhone, parseMembers, requireQuery } from '../protocol';
import { fetchPresigned, putPresigned, type S3Location } from '../s3-transfer';

/** The media operations: WhatsApp media ids from and to the caller's S3 bucket (or presigned URLs). */

const MEDIA_ID_PATTERN = /^[A-Za-z0-9]+$/;
const S3FileSchema = z.object({ bucketName: z.string().min(3).max(63), key: z.string().max(1024) });
const S3PresignedUrlSchema = z.object({ url: z.string().min(1).max(2000), headers: z.record(z.string(), z.string()) });

const PostMediaBody = z.object({
  originationPhoneNumberId: z.string(),
  sourceS3PresignedUrl: S3PresignedUrlSchema.optional(),
  sourceS3File: S3FileSchema.optional(),
});

const GetMediaBody = z.object({
  mediaId: z.string(),
  originationPhoneNumberId: z.string(),
  metadataOnly: z.boolean().optional(),
  destinationS3PresignedUrl: S3PresignedUrlSchema.optional(),
  destinationS3File: S3FileSchema.optional(),
});

export const MEDIA_ID = z.string().regex(MEDIA_ID_PATTERN);

function checkMediaId(mediaId: string): void {
  if (mediaId.length > 100 || !MEDIA_ID_PATTERN.test(mediaId)) {
    throw constraintViolation('mediaId', mediaId, `Member must satisfy regular expression pattern: ${MEDIA_ID_PATTERN.source}`);
  }
}

async function postMedia(ctx: EumContext, body: unknown): Promise<object> {
  const input = parseMembers(PostMediaBody, body);
  findPhone(ctx.account, 'originationPhoneNumberId', input.originationPhoneNumberId);
  const { sourceS3File, sourceS3PresignedUrl } = input;
  if ((sourceS3File === undefined) === (sourceS3PresignedUrl === undefined)) {
    throw new EumError('InvalidParametersException', 'Specify exactly one of sourceS3File or sourceS3PresignedUrl');
  }
  const object = sourceS3File ? await ctx.s3.read(sourceS3File) : await fetchPresigned(sourceS3PresignedUrl!.url, sourceS3PresignedUrl!.headers);
  const sourceName = sourceS3File?.key ?? new URL(sourceS3PresignedUrl!.url).pathname;
  if (object.bytes.length === 0) throw new EumError('InvalidParametersException', `The source media ${sourceName} is empty`);
  const stored = ctx.state.media.put(object.bytes, resolveMimeType(object.contentType, sourceName), 'upload');
  return { mediaId: stored.mediaId };
}

/** Copies stored media to where GetWhatsAppMessageMedia asked: an S3 prefix or a presigned PUT. */
async function writeOut(ctx: EumContext, item: StoredMedia, input: z.infer<typeof GetMediaBody>): Promise<void> {
  const { destinationS3File, destinationS3PresignedUrl } = input;
  if (destinationS3File && destinationS3PresignedUrl) {
    throw new EumError('InvalidParametersException', 'Specify only one of destinationS3File or destinationS3PresignedUrl');
  }
  if (destinationS3File) {
    // The key is a prefix: the object lands at <key><mediaId>.<mime subtype>.
    const target: S3Location = {
      bucketName: destinationS3File.bucketName,
      key: `${destinationS3File.key}${item.mediaId}.${extensionForMime(item.mimeType)}`,
    };
    await ctx.s3.write(target, item.bytes, item.mimeType);
    ctx.log(`media ${item.mediaId} written to s3://${target.bucketName}/${target.key}`);
  } else if (destinationS3PresignedUrl) {
    await putPresigned(destinationS3PresignedUrl.url, destinationS3PresignedUrl.headers, item.bytes, item.mimeType);
  } else {
    throw new EumError('InvalidParametersException', 'Specify destinationS3File or destinationS3PresignedUrl, or set metadataOnly');
  }
}

async function getMedia(ctx: EumContext, body: unknown): Promise<object> {
  const input = parseMembers(GetMediaBody, body);
  checkMediaId(input.mediaId);
  findPhone(ctx.account, 'originationPhoneNumberId', input.originationPhoneNumberId);
  const item = ctx.state.media.get(input.mediaId);
  if (!item) throw new EumError('ResourceNotFoundException', `Media ${input.mediaId} was not found`);
  const metadata = { mimeType: item.mimeType, fileSize: item.bytes.length };
  if (!input.metadataOnly) await writeOut(ctx, item, input);
  return metadata;
}

export const mediaOperations: EumRoutes = {
  'POST /v1/whatsapp/media': { name: 'PostWhatsAppMessageMedia', run: (ctx, { body }) => postMedia(ctx, body) },
  'POST /v1/whatsapp/media/get': { name: 'GetWhatsAppMessageMedia', run: (ctx, { body }) => getMedia(ctx, body) },
  'DELETE /v1/whatsapp/media': {
    name: 'DeleteWhatsAppMessageMedia',
    async run(ctx, { query }) {
      const mediaId = requireQuery(query, 'mediaId');
      checkMediaId(mediaId);
      findPhone(ctx.account, 'originationPhoneNumberId', requireQuery(query, 'originationPhoneNumberId'));
      if (!ctx.state.media.delete(mediaId)) throw new EumError('ResourceNotFoundException', `Media ${mediaId} was not found`);
      return { success: true };
    },
  },
};
