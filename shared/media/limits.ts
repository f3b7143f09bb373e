import { ValidationError } from '../errors';

/**
 * What WhatsApp accepts as media, per kind (AWS "supported media types" page = Meta's media page).
 * Sizes are binary (1 MB = 1,048,576 bytes); Meta rejects anything else at send time with error 131053,
 * long after the caller has gone, so these are checked before anything reaches EUM Social.
 */
export const MediaKinds = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaKind = (typeof MediaKinds)[number];

const KB = 1024;
const MB = 1024 * KB;

export interface MediaRule {
  mimeTypes: readonly string[];
  maxBytes: number;
  /** Stickers only: static WebP files have a lower limit than animated ones. */
  staticMaxBytes?: number;
}

export const MEDIA_RULES: Record<MediaKind, MediaRule> = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * KB, staticMaxBytes: 100 * KB },
};

export const ALLOWED_MIME_TYPES: readonly string[] = MediaKinds.flatMap((k) => MEDIA_RULES[k].mimeTypes);

/** 'audio/ogg; codecs=opus' → 'audio/ogg'. */
export const mimeEssence = (mimeType: string): string => (mimeType.split(';')[0] ?? '').trim().toLowerCase();

/** Each allowed MIME type belongs to exactly one kind, so the kind can be inferred from it. */
export function kindOfMime(mimeType: string): MediaKind | undefined {
  const essence = mimeEssence(mimeType);
  return MediaKinds.find((k) => MEDIA_RULES[k].mimeTypes.includes(essence));
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= KB && bytes % KB === 0 && bytes < MB) return `${bytes / KB} KB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(2)} MB`;
  if (bytes >= KB) return `${(bytes / KB).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * The kind a file of `mimeType` is sent as: the declared kind if the type is allowed for it, else the inferred
 * one. Throws a 400 on `field` naming the allowed types.
 */
export function checkMimeType(mimeType: string | undefined, declared: MediaKind | undefined, field: string): MediaKind {
  const essence = mimeType ? mimeEssence(mimeType) : '';
  const kind = declared ?? kindOfMime(essence);
  if (!kind || !MEDIA_RULES[kind].mimeTypes.includes(essence)) {
    const allowed = declared ? MEDIA_RULES[declared].mimeTypes.join(', ') : ALLOWED_MIME_TYPES.join(', ');
    throw new ValidationError([
      {
        field,
        reason: `Content-Type ${essence || '(none)'} is not allowed for WhatsApp ${declared ?? 'media'}; allowed: ${allowed}`,
      },
    ]);
  }
  return kind;
}

/** Throws a 400 on `field` naming Meta's limit when `size` exceeds it. `animated` matters for stickers only. */
export function checkSize(kind: MediaKind, size: number, field: string, animated = false): void {
  const rule = MEDIA_RULES[kind];
  const limit = kind === 'sticker' && !animated ? rule.staticMaxBytes! : rule.maxBytes;
  if (size === 0) throw new ValidationError([{ field, reason: 'the file is empty' }]);
  if (size <= limit) return;
  const what = kind === 'sticker' ? `${animated ? 'animated' : 'static'} sticker` : kind;
  const extra = kind === 'sticker' && !animated ? ` (animated stickers: ${formatBytes(rule.maxBytes)})` : '';
  throw new ValidationError([
    {
      field,
      reason: `${formatBytes(size)} (${size} bytes) exceeds the WhatsApp ${what} limit of ${formatBytes(limit)} (${limit} bytes)${extra}`,
    },
  ]);
}

/**
 * Whether the first bytes of a WebP file declare an animation: an extended (VP8X) header with the animation flag.
 * Simple (VP8/VP8L) WebP files cannot be animated.
 */
export function isAnimatedWebp(head: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length < 21 || ascii(0, 4) !== 'RIFF' || ascii(8, 12) !== 'WEBP' || ascii(12, 16) !== 'VP8X') return false;
  return (head[20]! & 0x02) !== 0;
}

/** File extension for an allowed MIME type (used for S3 keys we name ourselves). */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

export const extensionOfMime = (mimeType: string): string | undefined => EXTENSIONS[mimeEssence(mimeType)];
