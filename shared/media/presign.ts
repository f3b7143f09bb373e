import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3PresignClient } from '../aws/clients';
import { getConfig } from '../config';
import { extensionOfMime } from './limits';

/**
 * Presigned URLs for the private media bucket. They carry the function's own credentials, so the role needs
 * s3:GetObject / s3:PutObject; a URL also stops working when those (temporary) credentials expire.
 */

const expiry = (expiresIn: number) => new Date(Date.now() + expiresIn * 1000).toISOString();

export async function presignGet(s3Key: string, expiresIn: number): Promise<{ url: string; expiresAt: string }> {
  const url = await getSignedUrl(s3PresignClient(), new GetObjectCommand({ Bucket: getConfig().MEDIA_BUCKET, Key: s3Key }), {
    expiresIn,
  });
  return { url, expiresAt: expiry(expiresIn) };
}

export interface PresignedPut {
  url: string;
  method: 'PUT';
  /** Headers the client must send: Content-Type is signed, so S3 refuses the upload without it. */
  headers: Record<string, string>;
  s3Key: string;
  expiresIn: number;
  expiresAt: string;
}

export async function presignPut(s3Key: string, contentType: string, expiresIn: number): Promise<PresignedPut> {
  const url = await getSignedUrl(
    s3PresignClient(),
    new PutObjectCommand({ Bucket: getConfig().MEDIA_BUCKET, Key: s3Key, ContentType: contentType }),
    { expiresIn, signableHeaders: new Set(['content-type']) },
  );
  return { url, method: 'PUT', headers: { 'Content-Type': contentType }, s3Key, expiresIn, expiresAt: expiry(expiresIn) };
}

/**
 * A file name safe in an S3 key and a URL: the base name only, ASCII letters, digits, dot, dash and underscore,
 * at most 200 characters, with the content type's extension when it has none.
 */
export function sanitiseFileName(fileName: string, contentType: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .slice(-200)
    .replace(/^[._]+/, '');
  if (!clean) clean = 'file';
  const ext = extensionOfMime(contentType);
  if (ext && !clean.includes('.')) clean = `${clean}.${ext}`;
  return clean;
}

/** Where get_upload_url places a client's file: `uploads/<uuid>/<sanitised name>`, never overwriting another. */
export const uploadKeyFor = (fileName: string, contentType: string): string =>
  `uploads/${randomUUID()}/${sanitiseFileName(fileName, contentType)}`;
