import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { putObject, TINY_PNG, webp } from './helpers/s3';

/**
 * The seed's media actions on s3rver and the EUM stand-in. The bucket is shared by every integration test file,
 * so counts are compared before and after rather than absolutely.
 */

let eum: EumStandin;
let media: Invoke;
const call = (action: string, body: Record<string, unknown> = {}) => media({ action, ...body }, lambdaContext);
const MB = 1024 * 1024;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  media = (await import('../../functions/media/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

describe('validate_media', () => {
  it('checks an object of the bucket with the rules the sends apply', async () => {
    await putObject('uploads/v1/ok.png', TINY_PNG, 'image/png');
    const ok = await call('validate_media', { s3Key: 'uploads/v1/ok.png' });
    expect(ok).toMatchObject({ statusCode: 200, valid: true, kind: 'image', mimeType: 'image/png', size: TINY_PNG.length, problems: [] });
    expect(ok.limits.maxBytes).toBe(5 * MB);

    await putObject('uploads/v1/big.webp', webp(150 * 1024, false), 'image/webp');
    const sticker = await call('eum_validate_media', { key: 'uploads/v1/big.webp' });
    expect(sticker).toMatchObject({ statusCode: 200, operation: 'eum_validate_media', valid: false });
    expect(sticker.problems[0].reason).toContain('static sticker limit of 100 KB');

    expect((await call('validate_media', { s3Key: 'uploads/v1/missing.png' })).statusCode).toBe(404);
  });

  it('checks a described file, and needs a key or a type and size', async () => {
    expect(await call('validate_media', { mimeType: 'video/mp4', size: 16 * MB })).toMatchObject({ valid: true, kind: 'video' });
    const big = await call('validate_media', { contentType: 'video/mp4', fileSize: 16 * MB + 1 });
    expect(big).toMatchObject({ valid: false, problems: [{ field: 'size' }] });
    const gif = await call('validate_media', { mimeType: 'image/gif', size: 10 });
    expect(gif.problems[0]).toMatchObject({ field: 'mimeType' });
    expect(gif.problems[0].reason).toContain('image/gif is not allowed');
    expect(await call('validate_media', { mimeType: 'image/png', size: 10, kind: 'document' })).toMatchObject({ valid: false });
    expect((await call('validate_media', { mimeType: 'image/png' })).statusCode).toBe(400);
  });
});

describe('the bucket layout', () => {
  it('eum_generate_s3_path names keys as the writers do', async () => {
    const upload = await call('eum_generate_s3_path', { fileName: 'menu', mimeType: 'application/pdf' });
    expect(upload.s3Key).toMatch(/^uploads\/[0-9a-f-]{36}\/menu\.pdf$/);
    const download = await call('eum_generate_s3_path', { purpose: 'download', mediaId: '123456', contentType: 'image/jpeg' });
    expect(download).toMatchObject({ s3Key: `media/${DEMO_PHONE.phoneNumberId}/123456.jpg`, prefix: `media/${DEMO_PHONE.phoneNumberId}/`, metaWabaId: DEMO_WABA.wabaId });
    expect((await call('eum_generate_s3_path', { purpose: 'inbound', mediaId: '9' })).s3Key).toBe(`inbound/${DEMO_PHONE.phoneNumberId}/9.<ext>`);
    expect((await call('eum_generate_s3_path', { purpose: 'download' })).fields[0].field).toBe('mediaId');
    expect((await call('eum_generate_s3_path', { purpose: 'somewhere' })).fields[0].field).toBe('purpose');
  });

  it('eum_list_waba_folders groups per-number folders by WABA; eum_get_media_stats counts what is there', async () => {
    const before = await call('eum_get_media_stats', { prefix: 'inbound/' });
    await putObject(`inbound/${DEMO_PHONE.phoneNumberId}/111.jpg`, Buffer.alloc(1000), 'image/jpeg');
    await putObject(`inbound/${DEMO_PHONE.phoneNumberId}/222.pdf`, Buffer.alloc(3000), 'application/pdf');
    await putObject('inbound/phone-number-id-gone/333.ogg', Buffer.alloc(500), 'audio/ogg');

    const folders = await call('eum_list_waba_folders');
    expect(folders.layout.map((l: { prefix: string }) => l.prefix)).toEqual(['uploads/', 'media/', 'inbound/', 'exports/']);
    const waba = folders.wabas.find((w: { metaWabaId: string }) => w.metaWabaId === DEMO_WABA.wabaId);
    expect(waba.phoneNumbers[0].folders).toContain(`inbound/${DEMO_PHONE.phoneNumberId}/`);
    expect(folders.unlinked).toContain('inbound/phone-number-id-gone/');

    const after = await call('eum_get_media_stats', { prefix: 'inbound/' });
    expect(after.objects - before.objects).toBe(3);
    expect(after.bytes - before.bytes).toBe(4500);
    const wabaBytes = (s: { byWaba: Record<string, { bytes: number }> }) => s.byWaba[DEMO_WABA.wabaId]?.bytes ?? 0;
    expect(wabaBytes(after) - wabaBytes(before)).toBe(4000);
    expect(after.byWaba['unlinked:phone-number-id-gone'].objects).toBe(1);
    expect((after.byKind.document?.objects ?? 0) - (before.byKind.document?.objects ?? 0)).toBe(1);
    expect(after.truncated).toBe(false);
    expect((await call('eum_get_media_stats', { prefix: 'elsewhere/' })).statusCode).toBe(400);
  });
});

describe('eum_setup_s3_lifecycle', () => {
  it('reports the declared and live rules and refuses to change them out of band, saying why', async () => {
    const shown = await call('eum_setup_s3_lifecycle');
    expect(shown).toMatchObject({ statusCode: 200, declared: { rules: [{ id: 'expire-media', expirationDays: 365 }, { id: 'abort-incomplete-uploads' }] } });
    // s3rver has no lifecycle API: it says so instead of pretending.
    expect(shown.live).toMatchObject({ readable: false });
    expect(shown.matches).toBeNull();

    const refused = await call('eum_setup_s3_lifecycle', { expirationDays: 30 });
    expect(refused).toMatchObject({ statusCode: 409, reason: 'lifecycle_managed_by_stack', requestedExpirationDays: 30, currentExpirationDays: 365 });
    expect(refused.error).toContain('WA_MEDIA_EXPIRATION_DAYS');
    expect(refused.error).toContain('resources/media-bucket.yml');
    expect((await call('eum_setup_s3_lifecycle', { apply: true })).statusCode).toBe(409);
    expect((await call('eum_setup_s3_lifecycle', { expirationDays: -1 })).statusCode).toBe(400);
  });
});
