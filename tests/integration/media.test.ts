import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getObject, objectExists, putObject, TINY_PNG, webp } from './helpers/s3';
import { allItems, getItem } from './helpers/table';

let eum: EumStandin;
let media: Invoke;
let config: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  media = (await import('../../functions/media/handler')).handler as unknown as Invoke;
  config = (await import('../../functions/config/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

const MB = 1024 * 1024;
let n = 0;
/** A fresh key per test, so tests never see each other's objects. */
const key = (name: string) => `fixtures/${Date.now()}-${++n}/${name}`;
const call = (action: string, body: Record<string, unknown> = {}) => media({ action, ...body }, lambdaContext);

describe('upload_media', () => {
  it('uploads an S3 object to WhatsApp and records a MEDIA_UPLOAD item that expires with the media id', async () => {
    const s3Key = key('photo.png');
    await putObject(s3Key, TINY_PNG, 'image/png');

    const res = await call('upload_media', { s3Key });
    expect(res).toMatchObject({ statusCode: 200, operation: 'upload_media', s3Key, mimeType: 'image/png', size: TINY_PNG.length, kind: 'image', phoneNumberId: DEMO_PHONE.phoneNumberId });
    expect(res.mediaId).toMatch(/^\d+$/);

    const item = await getItem(`MEDIA_UPLOAD#${res.mediaId}`);
    expect(item).toMatchObject({ itemType: 'MEDIA_UPLOAD', mediaId: res.mediaId, s3Key, mimeType: 'image/png', size: TINY_PNG.length, kind: 'image', phoneNumberId: DEMO_PHONE.phoneNumberId });
    const days = (Date.parse(item!.expiresAt as string) - Date.parse(item!.createdAt as string)) / 86_400_000;
    expect(days).toBe(30);
    expect(item!.ttl).toBe(Math.floor(Date.parse(item!.expiresAt as string) / 1000));

    // WhatsApp (the stand-in) now holds the same bytes under that id.
    const back = await call('download_media', { mediaId: res.mediaId });
    expect((await getObject(back.s3Key)).bytes.equals(TINY_PNG)).toBe(true);
  });

  it('checks the declared kind: a PNG is not a sticker', async () => {
    const s3Key = key('photo.png');
    await putObject(s3Key, TINY_PNG, 'image/png');
    const res = await call('upload_media', { s3Key, kind: 'sticker' });
    expect(res).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key', reason: expect.stringContaining('allowed: image/webp') }] });
  });

  it('refuses a type WhatsApp does not take with 400 naming the allowed types, and uploads nothing', async () => {
    const s3Key = key('anim.gif');
    await putObject(s3Key, Buffer.from('GIF89a'), 'image/gif');
    const before = await itemCount('MEDIA_UPLOAD#');
    const res = await call('upload_media', { s3Key });
    expect(res.statusCode).toBe(400);
    expect(res.fields).toEqual([{ field: 's3Key', reason: expect.stringMatching(/image\/gif is not allowed.*image\/jpeg, image\/png/) }]);
    expect(await itemCount('MEDIA_UPLOAD#')).toBe(before);
  });

  it('refuses an image over 5 MB with 400 naming the limit', async () => {
    const s3Key = key('big.jpg');
    await putObject(s3Key, Buffer.alloc(5 * MB + 1), 'image/jpeg');
    const res = await call('upload_media', { s3Key });
    expect(res.statusCode).toBe(400);
    expect(res.fields).toEqual([{ field: 's3Key', reason: expect.stringContaining('exceeds the WhatsApp image limit of 5 MB (5242880 bytes)') }]);
  });

  it('takes an image of exactly 5 MB', async () => {
    const s3Key = key('edge.jpg');
    await putObject(s3Key, Buffer.alloc(5 * MB, 1), 'image/jpeg');
    expect(await call('upload_media', { s3Key })).toMatchObject({ statusCode: 200, size: 5 * MB, kind: 'image' });
  });

  it('stickers: a static WebP over 100 KB is refused, an animated one up to 500 KB is taken', async () => {
    const staticKey = key('static.webp');
    await putObject(staticKey, webp(150 * 1024, false), 'image/webp');
    const refused = await call('upload_media', { s3Key: staticKey });
    expect(refused).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key', reason: expect.stringContaining('static sticker limit of 100 KB') }] });

    const animatedKey = key('animated.webp');
    await putObject(animatedKey, webp(400 * 1024, true), 'image/webp');
    expect(await call('upload_media', { s3Key: animatedKey })).toMatchObject({ statusCode: 200, kind: 'sticker' });

    const hugeKey = key('huge.webp');
    await putObject(hugeKey, webp(501 * 1024, true), 'image/webp');
    expect(await call('upload_media', { s3Key: hugeKey })).toMatchObject({ statusCode: 400, fields: [{ reason: expect.stringContaining('animated sticker limit of 500 KB') }] });
  });

  it('a missing object is a 404 naming the key', async () => {
    const res = await call('upload_media', { s3Key: 'nope/missing.png' });
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain("'nope/missing.png'");
  });

  it('invalid input is a 400: no key, a leading slash, an unknown kind', async () => {
    expect(await call('upload_media', {})).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key' }] });
    expect(await call('upload_media', { s3Key: '/abs.png' })).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key' }] });
    expect(await call('upload_media', { s3Key: 'a.png', kind: 'gif' })).toMatchObject({ statusCode: 400, fields: [{ field: 'kind' }] });
  });

  it('works over HTTP at POST /media/upload_media', async () => {
    const s3Key = key('http.png');
    await putObject(s3Key, TINY_PNG, 'image/png');
    const res = await media(httpEvent('POST', '/media/upload_media', { s3Key }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ operation: 'upload_media', kind: 'image' });
  });
});

describe('download_media', () => {
  it("copies a customer's media into S3 under media/<phoneNumberId>/ and records MEDIA_DOWNLOAD", async () => {
    const bytes = Buffer.from('pretend this is a jpeg');
    const seeded = eum.seedMedia({ bytes, mimeType: 'image/jpeg' });

    const res = await call('download_media', { mediaId: seeded.mediaId });
    expect(res).toMatchObject({ statusCode: 200, mediaId: seeded.mediaId, mimeType: 'image/jpeg', size: bytes.length, downloaded: true });
    // The stand-in, like EUM, appends <mediaId>.<subtype> to the prefix it was given.
    expect(res.s3Key).toBe(`media/${DEMO_PHONE.phoneNumberId}/${seeded.mediaId}.jpeg`);
    expect((await getObject(res.s3Key)).bytes.equals(bytes)).toBe(true);
    expect(await getItem(`MEDIA_DOWNLOAD#${seeded.mediaId}`)).toMatchObject({
      itemType: 'MEDIA_DOWNLOAD',
      s3Key: res.s3Key,
      mimeType: 'image/jpeg',
      size: bytes.length,
      phoneNumberId: DEMO_PHONE.phoneNumberId,
      createdAt: expect.any(String),
    });
  });

  it('is idempotent: the second call returns the stored copy without asking WhatsApp; force downloads again', async () => {
    const seeded = eum.seedMedia({ bytes: Buffer.from('voice'), mimeType: 'audio/ogg' });
    const first = await call('download_media', { mediaId: seeded.mediaId });
    eum.reset(); // WhatsApp forgets the media: only the stored copy can answer now.
    const second = await call('eum_download_media', { mediaId: seeded.mediaId });
    expect(second).toMatchObject({ statusCode: 200, s3Key: first.s3Key, createdAt: first.createdAt, downloaded: false });

    const forced = await call('download_media', { mediaId: seeded.mediaId, force: true });
    expect(forced).toMatchObject({ statusCode: 404, upstreamError: 'ResourceNotFoundException', retryable: false });
  });

  it('unknown media is a 404 from EUM; a malformed id a 400', async () => {
    expect(await call('download_media', { mediaId: '123456789' })).toMatchObject({ statusCode: 404, upstreamError: 'ResourceNotFoundException' });
    expect(await call('download_media', { mediaId: '../etc' })).toMatchObject({ statusCode: 400, fields: [{ field: 'mediaId' }] });
  });
});

describe('get_media_url', () => {
  it('presigns a GET that fetches the bytes, by s3Key or by a downloaded media id', async () => {
    const s3Key = key('doc.pdf');
    const bytes = Buffer.from('%PDF-1.4 tiny');
    await putObject(s3Key, bytes, 'application/pdf');
    const res = await call('get_media_url', { s3Key, expiresIn: 60 });
    expect(res).toMatchObject({ statusCode: 200, method: 'GET', s3Key, mimeType: 'application/pdf', size: bytes.length, expiresIn: 60 });
    expect(res.url).toContain('X-Amz-Expires=60');
    expect(Date.parse(res.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const fetched = await fetch(res.url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

    const seeded = eum.seedMedia({ bytes: TINY_PNG, mimeType: 'image/png' });
    const downloaded = await call('download_media', { mediaId: seeded.mediaId });
    const byId = await call('get_media_url', { mediaId: seeded.mediaId });
    expect(byId).toMatchObject({ statusCode: 200, s3Key: downloaded.s3Key, expiresIn: 900 });
    expect(Buffer.from(await (await fetch(byId.url)).arrayBuffer()).equals(TINY_PNG)).toBe(true);
  });

  it('bounds the lifetime and needs exactly one of s3Key / mediaId', async () => {
    const tooLong = await call('get_media_url', { s3Key: 'a.png', expiresIn: 3601 });
    expect(tooLong).toMatchObject({ statusCode: 400, fields: [{ field: 'expiresIn', reason: expect.stringContaining('3600') }] });
    expect(await call('get_media_url', { s3Key: 'a.png', expiresIn: 0 })).toMatchObject({ statusCode: 400, fields: [{ field: 'expiresIn' }] });
    expect(await call('get_media_url', {})).toMatchObject({ statusCode: 400 });
    expect(await call('get_media_url', { s3Key: 'a.png', mediaId: '123' })).toMatchObject({ statusCode: 400 });
  });

  it('404 for a missing object or a media id with no stored copy', async () => {
    expect(await call('get_media_url', { s3Key: 'missing/x.png' })).toMatchObject({ statusCode: 404, error: expect.stringContaining('missing/x.png') });
    expect(await call('get_media_url', { mediaId: '999999' })).toMatchObject({ statusCode: 404, error: expect.stringContaining('download_media') });
  });
});

describe('get_upload_url', () => {
  it('presigns a PUT under uploads/<uuid>/ that a client can use, after which upload_media takes the key', async () => {
    const res = await call('get_upload_url', { fileName: '../My Photo (1).png', contentType: 'image/png' });
    expect(res).toMatchObject({ statusCode: 200, method: 'PUT', headers: { 'Content-Type': 'image/png' }, expiresIn: 900, kind: 'image', maxBytes: 5 * MB });
    expect(res.s3Key).toMatch(/^uploads\/[0-9a-f-]{36}\/My_Photo_1_.png$/);
    expect(res.key).toBe(res.s3Key);
    expect(res.url).toContain('X-Amz-SignedHeaders=content-type%3Bhost');
    expect(res.url).not.toContain('x-amz-checksum');

    const put = await fetch(res.url, { method: 'PUT', headers: res.headers, body: TINY_PNG });
    expect(put.status).toBe(200);
    expect(await getObject(res.s3Key)).toMatchObject({ contentType: 'image/png' });

    const uploaded = await call('upload_media', { s3Key: res.s3Key });
    expect(uploaded).toMatchObject({ statusCode: 200, kind: 'image', size: TINY_PNG.length });
  });

  it('refuses a content type WhatsApp does not take, and a lifetime over an hour', async () => {
    expect(await call('get_upload_url', { fileName: 'a.gif', contentType: 'image/gif' })).toMatchObject({ statusCode: 400, fields: [{ field: 'contentType' }] });
    expect(await call('get_upload_url', { fileName: 'a.png', contentType: 'image/png', expiresIn: 7200 })).toMatchObject({ statusCode: 400, fields: [{ field: 'expiresIn' }] });
  });

  it('adds the extension of the content type to a name without one', async () => {
    const res = await call('get_upload_url', { fileName: 'report', contentType: 'application/pdf' });
    expect(res.s3Key).toMatch(/\/report\.pdf$/);
  });
});

describe('delete_media', () => {
  it('deletes the media at WhatsApp and marks its item; the stored copy stays', async () => {
    const s3Key = key('gone.png');
    await putObject(s3Key, TINY_PNG, 'image/png');
    const { mediaId } = await call('upload_media', { s3Key });

    const res = await call('delete_media', { mediaId });
    expect(res).toMatchObject({ statusCode: 200, mediaId, phoneNumberId: DEMO_PHONE.phoneNumberId, deletedFromWhatsApp: true, deletedObjects: [] });
    expect(await call('download_media', { mediaId })).toMatchObject({ statusCode: 404 });
    expect(await getItem(`MEDIA_UPLOAD#${mediaId}`)).toMatchObject({ deletedFromWhatsAppAt: expect.any(String) });
    expect(await objectExists(s3Key)).toBe(true);

    // Deleting it again: WhatsApp no longer has it.
    expect(await call('delete_media', { mediaId })).toMatchObject({ statusCode: 404, upstreamError: 'ResourceNotFoundException' });
  });

  it('with deleteStoredCopy removes the S3 objects and MEDIA_* items too, even once WhatsApp has forgotten the media', async () => {
    const seeded = eum.seedMedia({ bytes: Buffer.from('clip'), mimeType: 'video/mp4' });
    const downloaded = await call('download_media', { mediaId: seeded.mediaId });
    expect(await objectExists(downloaded.s3Key)).toBe(true);

    const res = await call('delete_media', { mediaId: seeded.mediaId, deleteStoredCopy: true });
    expect(res).toMatchObject({
      statusCode: 200,
      deletedFromWhatsApp: true,
      deletedObjects: [downloaded.s3Key],
      deletedItems: [`MEDIA_DOWNLOAD#${seeded.mediaId}`],
    });
    expect(await objectExists(downloaded.s3Key)).toBe(false);
    expect(await getItem(`MEDIA_DOWNLOAD#${seeded.mediaId}`)).toBeUndefined();

    const other = eum.seedMedia({ bytes: Buffer.from('old'), mimeType: 'audio/ogg' });
    const copy = await call('download_media', { mediaId: other.mediaId });
    eum.reset();
    const late = await call('delete_media', { mediaId: other.mediaId, deleteStoredCopy: true });
    expect(late).toMatchObject({ statusCode: 200, deletedFromWhatsApp: false, deletedObjects: [copy.s3Key] });
    expect(await objectExists(copy.s3Key)).toBe(false);
  });
});

describe('aliases and help', () => {
  it('eum_upload_media and eum_download_media work like upload_media and download_media and are listed by help', async () => {
    const s3Key = key('alias.png');
    await putObject(s3Key, TINY_PNG, 'image/png');
    const up = await call('eum_upload_media', { key: s3Key });
    expect(up).toMatchObject({ statusCode: 200, operation: 'eum_upload_media', kind: 'image' });
    const down = await call('eum_download_media', { media_id: up.mediaId });
    expect(down).toMatchObject({ statusCode: 200, operation: 'eum_download_media', downloaded: true });

    const help = await config({ action: 'help', category: 'media' }, lambdaContext);
    const names = help.categories.media.map((a: { action: string }) => a.action);
    expect(names).toEqual(expect.arrayContaining(['upload_media', 'download_media', 'get_media_url', 'get_upload_url', 'delete_media', 'eum_upload_media', 'eum_download_media']));
    const alias = help.categories.media.find((a: { action: string }) => a.action === 'eum_upload_media');
    expect(alias).toMatchObject({ path: '/media/eum_upload_media', required: ['s3Key'] });
    expect(alias.description).toMatch(/^Alias of upload_media/);
  });
});

async function itemCount(prefix: string): Promise<number> {
  return (await allItems()).filter((i) => String(i.pk).startsWith(prefix)).length;
}
