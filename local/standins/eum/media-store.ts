import { randomInt } from 'node:crypto';

/**
 * WhatsApp media held by the stand-in, as Meta would hold it: uploads from PostWhatsAppMessageMedia and media
 * "sent by customers" (seeded for inbound simulations), addressed by a numeric Meta media id.
 */

export interface StoredMedia {
  mediaId: string;
  bytes: Buffer;
  mimeType: string;
  source: 'upload' | 'seeded';
  storedAt: string;
}

export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();

  /** `mediaId` pins the id (fixtures name their media); by default a fresh Meta-like id is drawn. */
  put(bytes: Buffer, mimeType: string, source: StoredMedia['source'], mediaId?: string): StoredMedia {
    const item: StoredMedia = { mediaId: mediaId ?? this.freshId(), bytes, mimeType, source, storedAt: new Date().toISOString() };
    this.items.set(item.mediaId, item);
    return item;
  }

  get(mediaId: string): StoredMedia | undefined {
    return this.items.get(mediaId);
  }

  delete(mediaId: string): boolean {
    return this.items.delete(mediaId);
  }

  clear(): void {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }

  /** Meta media ids are 15–16 digit numbers (e.g. 530339869524171). */
  private freshId(): string {
    let id: string;
    do {
      id = `${randomInt(1, 10)}${String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e7)).padStart(7, '0')}`;
    } while (this.items.has(id));
    return id;
  }
}

/** 'audio/ogg; codecs=opus' → 'audio/ogg'. */
export const essenceOf = (mimeType: string): string => (mimeType.split(';')[0] ?? '').trim().toLowerCase();

/**
 * File extension EUM gives the object it writes to S3: the MIME subtype (`image/jpeg` → `jpeg`), which is what
 * AWS samples compute to find the file (`<key><mediaId>.<subtype>`).
 */
export function extensionForMime(mimeType: string): string {
  const subtype = essenceOf(mimeType).split('/')[1];
  return subtype && subtype.length > 0 ? subtype : 'bin';
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  txt: 'text/plain',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The MIME type of an uploaded object: its declared Content-Type unless that is missing or the generic
 * octet-stream (what S3 reports when the uploader set none), in which case the key's extension decides.
 */
export function resolveMimeType(declared: string | undefined, key: string): string {
  if (declared && essenceOf(declared) !== 'application/octet-stream' && essenceOf(declared) !== 'binary/octet-stream') {
    return declared;
  }
  const extension = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1).toLowerCase() : '';
  return MIME_BY_EXTENSION[extension] ?? declared ?? 'application/octet-stream';
}
