import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { putObject, TINY_PNG, webp } from './helpers/s3';
import { allItems, getItem } from './helpers/table';

let eum: EumStandin;
let messaging: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

const TO = '+15557654321';
let n = 0;
const key = (name: string) => `outbox/${Date.now()}-${++n}/${name}`;
/** The customer never wrote: skip the 24-hour window check so these tests are about media, not the window. */
const send = (action: string, body: Record<string, unknown>) => messaging({ action, to: TO, enforceWindow: false, ...body }, lambdaContext);
const lastPayload = () => eum.sends.at(-1)!.message;
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

/** One object of each kind that WhatsApp takes. */
const FIXTURES = {
  image: { name: 'photo.png', bytes: TINY_PNG, type: 'image/png' },
  video: { name: 'clip.mp4', bytes: Buffer.from('ftypmp42 tiny video'), type: 'video/mp4' },
  audio: { name: 'note.ogg', bytes: Buffer.from('OggS tiny voice'), type: 'audio/ogg' },
  document: { name: 'terms.pdf', bytes: Buffer.from('%PDF-1.4 tiny'), type: 'application/pdf' },
  sticker: { name: 'smile.webp', bytes: webp(2048, false), type: 'image/webp' },
} as const;

async function placed(kind: keyof typeof FIXTURES): Promise<string> {
  const f = FIXTURES[kind];
  const s3Key = key(f.name);
  await putObject(s3Key, f.bytes, f.type);
  return s3Key;
}

describe('send_image / send_video / send_audio / send_document / send_sticker', () => {
  it('send_image from s3Key uploads the object first, then sends its media id with the caption', async () => {
    const s3Key = await placed('image');
    const res = await send('send_image', { s3Key, caption: 'Your receipt' });
    expect(res).toMatchObject({ statusCode: 200, operation: 'send_image', type: 'image', status: 'accepted', uploadedFrom: s3Key });
    expect(eum.sends).toHaveLength(1);
    expect(eum.sends[0]!.originationPhoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
    expect(lastPayload()).toEqual({ ...envelope, type: 'image', image: { id: res.mediaId, caption: 'Your receipt' } });
    expect(await getItem(`MEDIA_UPLOAD#${res.mediaId}`)).toMatchObject({ s3Key, kind: 'image' });

    const stored = await getItem(`MSG#${res.messageId}`);
    expect(stored).toMatchObject({ itemType: 'MESSAGE', direction: 'OUTBOUND', type: 'image' });
    expect(await getItem(res.conversationId)).toMatchObject({ lastMessage: '[image] Your receipt' });
  });

  it('each kind from s3Key, mediaId and link sends exactly Meta\'s payload', async () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['send_video', { caption: 'Watch' }, { caption: 'Watch' }],
      ['send_audio', { voice: true }, { voice: true }],
      ['send_document', { caption: 'Terms', filename: 'terms.pdf' }, { caption: 'Terms', filename: 'terms.pdf' }],
      ['send_sticker', {}, {}],
      ['send_image', {}, {}],
    ];
    for (const [action, extra, expected] of cases) {
      const kind = action.slice('send_'.length) as keyof typeof FIXTURES;

      const fromS3 = await send(action, { s3Key: await placed(kind), ...extra });
      expect(fromS3, `${action} s3Key`).toMatchObject({ statusCode: 200, operation: action });
      expect(lastPayload()).toEqual({ ...envelope, type: kind, [kind]: { id: fromS3.mediaId, ...expected } });

      const byId = await send(action, { mediaId: '1234567890', ...extra });
      expect(byId, `${action} mediaId`).toMatchObject({ statusCode: 200, mediaId: '1234567890' });
      expect(lastPayload()).toEqual({ ...envelope, type: kind, [kind]: { id: '1234567890', ...expected } });

      const link = `https://cdn.example.com/files/${FIXTURES[kind].name}`;
      const byLink = await send(action, { link, ...extra });
      expect(byLink, `${action} link`).toMatchObject({ statusCode: 200 });
      expect(lastPayload()).toEqual({ ...envelope, type: kind, [kind]: { link, ...expected } });
    }
    expect(eum.sends).toHaveLength(15);
  });

  it('works over HTTP at POST /messaging/send_document', async () => {
    const res = await messaging(
      httpEvent('POST', '/messaging/send_document', { to: TO, link: 'https://example.com/a.pdf', filename: 'a.pdf', enforceWindow: false }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ operation: 'send_document', type: 'document' });
  });

  it('invalid combinations are 400s and send nothing', async () => {
    const s3Key = await placed('image');
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['send_image', {}, 's3Key|mediaId|link'],
      ['send_image', { s3Key, mediaId: '123' }, 's3Key|mediaId|link'],
      ['send_image', { mediaId: '123', link: 'https://example.com/a.png' }, 's3Key|mediaId|link'],
      ['send_image', { link: 'http://example.com/a.png' }, 'link'],
      ['send_image', { link: 'not a url' }, 'link'],
      ['send_image', { mediaId: '123', caption: 'x'.repeat(1025) }, 'caption'],
      ['send_image', { mediaId: '123', filename: 'a.png' }, 'filename'],
      ['send_audio', { mediaId: '123', caption: 'hi' }, 'caption'],
      ['send_sticker', { mediaId: '123', caption: 'hi' }, 'caption'],
      ['send_video', { mediaId: '123', voice: true }, 'voice'],
      ['send_document', { mediaId: 'not/an/id' }, 'mediaId'],
    ];
    for (const [action, body, field] of bad) {
      const res = await send(action, body);
      expect(res.statusCode, `${action} ${JSON.stringify(body)}`).toBe(400);
      expect(res.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(eum.sends).toHaveLength(0);
  });

  it('the object is checked before anything is sent: wrong kind, too large, missing, or a voice note that is not OGG', async () => {
    const png = await placed('image');
    expect(await send('send_sticker', { s3Key: png })).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key', reason: expect.stringContaining('image/webp') }] });

    const big = key('big.mp4');
    await putObject(big, Buffer.alloc(16 * 1024 * 1024 + 1), 'video/mp4');
    expect(await send('send_video', { s3Key: big })).toMatchObject({ statusCode: 400, fields: [{ field: 's3Key', reason: expect.stringContaining('16 MB') }] });

    expect(await send('send_image', { s3Key: 'outbox/none.png' })).toMatchObject({ statusCode: 404, error: expect.stringContaining('outbox/none.png') });

    const mp3 = key('song.mp3');
    await putObject(mp3, Buffer.from('ID3 tiny'), 'audio/mpeg');
    expect(await send('send_audio', { s3Key: mp3, voice: true })).toMatchObject({ statusCode: 400, fields: [{ field: 'voice' }] });
    expect(eum.sends).toHaveLength(0);
  });

  it('a closed customer-service window refuses the send before the object is uploaded', async () => {
    const s3Key = await placed('image');
    const uploadsBefore = (await allItems()).filter((i) => i.itemType === 'MEDIA_UPLOAD').length;
    const res = await messaging({ action: 'send_image', to: '+15550009999', s3Key }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 409, reason: 'customer_service_window_closed' });
    expect(eum.sends).toHaveLength(0);
    expect((await allItems()).filter((i) => i.itemType === 'MEDIA_UPLOAD').length).toBe(uploadsBefore);
  });

  it('replies carry Meta context, and the seed\'s snake_case fields are accepted', async () => {
    const res = await send('send_document', { media_id: '555', file_name: 'x.pdf', replyToMessageId: 'wamid.ABC' });
    expect(res.statusCode).toBe(200);
    expect(lastPayload()).toEqual({ ...envelope, context: { message_id: 'wamid.ABC' }, type: 'document', document: { id: '555', filename: 'x.pdf' } });
  });
});
