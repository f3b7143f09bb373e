import * as z from '../zod';
import { ALLOWED_MIME_TYPES, MediaKinds } from './limits';

/** Request fields shared by the media actions and the media sends. */

/** EUM's pattern for media ids (GetWhatsAppMessageMedia / DeleteWhatsAppMessageMedia). */
export const mediaIdSchema = z.string().check(
  z.trim(),
  z.regex(/^[A-Za-z0-9]+$/, 'must be a WhatsApp media id (letters and digits)'),
  z.maxLength(100, 'at most 100 characters'),
  z.describe('WhatsApp media id'),
);

/**
 * S3's key limit is 1,024 bytes of UTF-8; a leading slash would name a different object than the caller meant.
 * Control characters (NUL included) are refused: S3 advises against them and no key we create holds one. Segments
 * are bounded at 255 bytes because every key this API creates has shorter ones and local S3 servers store each
 * segment as a file name.
 */
export const s3KeySchema = z.string().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(1024, 'at most 1024 bytes (S3 limit)'),
  z.refine((k) => Buffer.byteLength(k, 'utf8') <= 1024, 'at most 1024 bytes of UTF-8 (S3 limit)'),
  z.refine((k) => !/[\u0000-\u001F\u007F]/.test(k), 'must not contain control characters'),
  z.refine((k) => !k.startsWith('/'), 'must not start with / (keys are relative to the media bucket)'),
  z.refine((k) => k.split('/').every((s) => Buffer.byteLength(s, 'utf8') <= 255), 'each /-separated part must be at most 255 bytes'),
  z.describe('Key of an object in the media bucket'),
);

export const mediaKindSchema = z.enum(MediaKinds);

export const MAX_URL_SECONDS = 3600;

export const expiresInSchema = z._default(z.number().check(
  z.int('must be a whole number of seconds'),
  z.gte(1, 'at least 1 second'),
  z.lte(MAX_URL_SECONDS, `at most ${MAX_URL_SECONDS} seconds (1 hour)`),
), 900).check(
  z.describe('URL lifetime in seconds'),
);

export const contentTypeSchema = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.refine((t) => ALLOWED_MIME_TYPES.includes(t), `must be a MIME type WhatsApp accepts: ${ALLOWED_MIME_TYPES.join(', ')}`),
  z.describe('MIME type of the file (a type WhatsApp accepts)'),
);
