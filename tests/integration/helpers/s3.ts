import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** The test's view of the media bucket (s3rver), to place fixtures and check what the functions stored. */
let client: S3Client | undefined;
const s3 = () =>
  (client ??= new S3Client({
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    // s3rver predates the flexible-checksum headers newer SDKs add by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }));
const Bucket = () => process.env.MEDIA_BUCKET!;

export async function putObject(key: string, bytes: Uint8Array, contentType?: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: Bucket(), Key: key, Body: bytes, ...(contentType ? { ContentType: contentType } : {}) }));
}

export async function getObject(key: string): Promise<{ bytes: Buffer; contentType?: string }> {
  const out = await s3().send(new GetObjectCommand({ Bucket: Bucket(), Key: key }));
  return { bytes: Buffer.from(await out.Body!.transformToByteArray()), ...(out.ContentType ? { contentType: out.ContentType } : {}) };
}

export async function objectExists(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: Bucket(), Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A WebP of `size` bytes whose header is extended (VP8X), with or without the animation flag. */
export function webp(size: number, animated: boolean): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(size - 8, 4);
  bytes.write('WEBPVP8X', 8, 'ascii');
  bytes.writeUInt32LE(10, 16);
  bytes[20] = animated ? 0x02 : 0x00;
  return bytes;
}
