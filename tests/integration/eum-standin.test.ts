import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteWhatsAppMessageMediaCommand,
  GetLinkedWhatsAppBusinessAccountCommand,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand,
  GetWhatsAppMessageMediaCommand,
  ListLinkedWhatsAppBusinessAccountsCommand,
  PostWhatsAppMessageMediaCommand,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  SocialMessagingServiceException,
} from '@aws-sdk/client-socialmessaging';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import {
  buildEnvelope,
  inboundMediaValue,
  inboundTextValue,
  newWamid,
  type EumEnvelope,
  type MetaEntry,
  type MetaMessagesValue,
} from '../../local/standins/eum/envelope';
import { startEumStandin, type EumStandin } from '../../local/standins/eum/server';

// s3rver ships no type declarations; this is the part of its API the test uses.
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

// s3rver only accepts the access key id S3RVER; the EUM stand-in ignores signatures.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'eum-standin-media';

/** The SDK types `message` as bytes (a blob); it goes base64 on the wire. */
const blob = (text: string): Uint8Array => new TextEncoder().encode(text);
const textMessage = (to = '+15551234567', body = 'hello') =>
  blob(JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } }));

async function expectEumError(promise: Promise<unknown>): Promise<SocialMessagingServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SocialMessagingServiceException);
  return error as SocialMessagingServiceException;
}

const parseEnvelope = (body: string) => {
  const envelope = JSON.parse(body) as EumEnvelope;
  const entry = JSON.parse(envelope.whatsAppWebhookEntry) as MetaEntry;
  return { envelope, entry, value: entry.changes[0]?.value as MetaMessagesValue };
};

describe('EUM Social stand-in through the real SocialMessagingClient', () => {
  let standin: EumStandin;
  let client: SocialMessagingClient;
  let s3rver: S3rverInstance;
  let s3: S3Client;
  let s3Dir: string;
  const publishedBodies: string[] = [];

  beforeAll(async () => {
    // Prepare: a real S3 server for the media round trip, the stand-in publishing into an array.
    s3Dir = await mkdtemp(join(tmpdir(), 'eum-standin-s3-'));
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir });
    const { port: s3Port } = await s3rver.run();
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;
    s3 = new S3Client({
      endpoint: s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

    standin = await startEumStandin({
      port: 0,
      statusDelayMs: 5,
      publish: async (body) => {
        publishedBodies.push(body);
      },
      s3: { endpoint: s3Endpoint, forcePathStyle: true, credentials },
    });
    client = new SocialMessagingClient({ endpoint: standin.url, region: 'us-east-1', credentials, maxAttempts: 3 });
    // The usual recipient has written, so free-form messages to it are delivered (its window outlives reset()).
    await standin.customerWrites({ from: '+15551234567', text: 'hi', deliver: false });
  });

  afterAll(async () => {
    client?.destroy();
    s3?.destroy();
    await standin?.close();
    await s3rver?.close();
    if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    standin.reset();
    publishedBodies.length = 0;
  });

  describe('linked accounts', () => {
    it('lists the demo WABA with linkDate as a Date', async () => {
      const out = await client.send(new ListLinkedWhatsAppBusinessAccountsCommand({ maxResults: 10 }));

      expect(out.linkedAccounts).toHaveLength(1);
      const [waba] = out.linkedAccounts ?? [];
      expect(waba).toMatchObject({ id: DEMO_WABA.id, arn: DEMO_WABA.arn, wabaId: '1234567890123456', wabaName: 'Demo Business', registrationStatus: 'COMPLETE', eventDestinations: [] });
      expect(waba?.linkDate).toBeInstanceOf(Date);
      expect(waba?.linkDate?.getTime()).toBe(DEMO_WABA.linkDate * 1000);
      expect(out.nextToken).toBeUndefined();
    });

    it('gets the WABA by id and by ARN, with its phone number', async () => {
      for (const id of [DEMO_WABA.id, DEMO_WABA.arn]) {
        const { account } = await client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id }));
        expect(account?.id).toBe(DEMO_WABA.id);
        expect(account?.linkDate).toBeInstanceOf(Date);
        expect(account?.phoneNumbers).toEqual([DEMO_PHONE]);
      }
    });

    it('rejects an unknown WABA with ResourceNotFoundException', async () => {
      const error = await expectEumError(client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: 'waba-ffffffffffffffffffffffffffffffff' })));
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.$metadata.httpStatusCode).toBe(404);
    });

    it('gets the phone number by id and by ARN', async () => {
      for (const id of [DEMO_PHONE.phoneNumberId, DEMO_PHONE.arn]) {
        const out = await client.send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id }));
        expect(out.phoneNumber).toEqual(DEMO_PHONE);
        expect(out.linkedWhatsAppBusinessAccountId).toBe(DEMO_WABA.id);
      }
    });
  });

  describe('SendWhatsAppMessage', () => {
    it('returns an EUM message id and publishes sent, delivered, read envelopes in order', async () => {
      const out = await client.send(
        new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' }),
      );
      await standin.idle();

      expect(out.messageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.$metadata.attempts).toBe(1);
      expect(standin.sends).toHaveLength(1);
      const [send] = standin.sends;
      expect(send).toMatchObject({ messageId: out.messageId, kind: 'message', metaApiVersion: 'v23.0', message: { to: '+15551234567', type: 'text' } });

      expect(publishedBodies).toHaveLength(3);
      const parsed = publishedBodies.map(parseEnvelope);
      expect(parsed.map((p) => p.value.statuses?.[0]?.status)).toEqual(['sent', 'delivered', 'read']);
      for (const { envelope, entry, value } of parsed) {
        expect(typeof envelope.whatsAppWebhookEntry).toBe('string');
        expect(envelope.messageId).toBe(out.messageId);
        expect(envelope.aws_account_id).toBe('123456789012');
        expect(envelope.message_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
        expect(envelope.context).toEqual({
          MetaWabaIds: [{ wabaId: DEMO_WABA.wabaId, arn: DEMO_WABA.arn }],
          MetaPhoneNumberIds: [{ metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId, arn: DEMO_PHONE.arn }],
        });
        expect(entry.id).toBe(DEMO_WABA.wabaId);
        expect(entry.changes[0]?.field).toBe('messages');
        expect(value.metadata).toEqual({ display_phone_number: '15550100000', phone_number_id: DEMO_PHONE.metaPhoneNumberId });
        const status = value.statuses?.[0];
        expect(status?.id).toMatch(/^wamid\./);
        expect(status?.id).toBe(send?.wamid);
        expect(status?.recipient_id).toBe('15551234567');
        expect(status?.timestamp).toMatch(/^\d+$/);
      }
      expect(parsed[0]?.value.statuses?.[0]?.pricing).toEqual({ billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' });
      expect(parsed[0]?.value.statuses?.[0]?.conversation?.origin.type).toBe('service');
    });

    it('accepts the phone ARN as originationPhoneNumberId', async () => {
      const out = await client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.arn, message: textMessage(), metaApiVersion: 'v20.0' }));
      expect(out.messageId).toBeDefined();
    });

    it('answers a mark-as-read with a message id and publishes nothing', async () => {
      const markRead = blob(JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.abc', typing_indicator: { type: 'text' } }));

      const out = await client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: markRead, metaApiVersion: 'v23.0' }));
      await standin.idle();

      expect(out.messageId).toBeDefined();
      expect(standin.sends[0]).toMatchObject({ kind: 'mark_read', messageId: out.messageId });
      expect(standin.sends[0]?.wamid).toBeUndefined();
      expect(publishedBodies).toHaveLength(0);
    });

    it('rejects an unknown phone number with ResourceNotFoundException', async () => {
      const error = await expectEumError(
        client.send(
          new SendWhatsAppMessageCommand({ originationPhoneNumberId: 'phone-number-id-00000000000000000000000000000000', message: textMessage(), metaApiVersion: 'v23.0' }),
        ),
      );
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(standin.sends).toHaveLength(0);
    });

    it('rejects a message that is not JSON with ValidationException', async () => {
      const error = await expectEumError(
        client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: blob('not json at all'), metaApiVersion: 'v23.0' })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.$metadata.attempts).toBe(1);
    });

    it('rejects a malformed metaApiVersion and a wrong messaging_product with ValidationException', async () => {
      const badVersion = await expectEumError(
        client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: '23' })),
      );
      expect(badVersion.name).toBe('ValidationException');

      const badProduct = await expectEumError(
        client.send(
          new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: blob(JSON.stringify({ to: '+1555', type: 'text', text: { body: 'x' } })), metaApiVersion: 'v23.0' }),
        ),
      );
      expect(badProduct.name).toBe('ValidationException');
      expect(badProduct.message).toContain('messaging_product');
    });
  });

  describe('fault injection', () => {
    it('ThrottledRequestException twice: the SDK retries and succeeds on the third attempt', async () => {
      standin.injectFault({ count: 2, error: { type: 'ThrottledRequestException', message: 'slow down' } });

      const out = await client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' }));

      expect(out.$metadata.attempts).toBe(3);
      expect(out.messageId).toBeDefined();
      expect(standin.sends).toHaveLength(1);
    });

    it('ValidationException is not retried', async () => {
      standin.injectFault({ count: 5, error: { type: 'ValidationException', message: 'injected' } });

      const error = await expectEumError(
        client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' })),
      );

      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('injected');
      expect(error.$metadata.attempts).toBe(1);
    });

    it('metaError: the send succeeds, then one failed status carries the Meta error', async () => {
      standin.injectFault({ metaError: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed' } });

      const out = await client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' }));
      await standin.idle();

      expect(publishedBodies).toHaveLength(1);
      const { envelope, value } = parseEnvelope(publishedBodies[0] ?? '');
      expect(envelope.messageId).toBe(out.messageId);
      const status = value.statuses?.[0];
      expect(status?.status).toBe('failed');
      expect(status?.errors).toEqual([
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: { details: 'More than 24 hours have passed' },
          href: expect.stringContaining('developers.facebook.com'),
        },
      ]);
      expect(status?.pricing).toBeUndefined();
    });

    it('the control API accepts faults over HTTP too', async () => {
      const response = await fetch(`${standin.url}/_standin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { type: 'AccessDeniedException' } }),
      });
      expect(response.status).toBe(200);

      const error = await expectEumError(
        client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' })),
      );
      expect(error.name).toBe('AccessDeniedException');
      expect(error.$metadata.httpStatusCode).toBe(403);
    });
  });

  describe('media', () => {
    it('seeded media: metadataOnly, then delete, then ResourceNotFoundException', async () => {
      const seeded = standin.seedMedia({ bytes: Buffer.from('fake-jpeg-bytes'), mimeType: 'image/jpeg' });
      expect(seeded.mediaId).toMatch(/^\d+$/);

      const meta = await client.send(new GetWhatsAppMessageMediaCommand({ mediaId: seeded.mediaId, originationPhoneNumberId: DEMO_PHONE.phoneNumberId, metadataOnly: true }));
      expect(meta).toMatchObject({ mimeType: 'image/jpeg', fileSize: 15 });

      const deleted = await client.send(new DeleteWhatsAppMessageMediaCommand({ mediaId: seeded.mediaId, originationPhoneNumberId: DEMO_PHONE.phoneNumberId }));
      expect(deleted.success).toBe(true);

      const error = await expectEumError(
        client.send(new GetWhatsAppMessageMediaCommand({ mediaId: seeded.mediaId, originationPhoneNumberId: DEMO_PHONE.phoneNumberId, metadataOnly: true })),
      );
      expect(error.name).toBe('ResourceNotFoundException');
      const again = await expectEumError(
        client.send(new DeleteWhatsAppMessageMediaCommand({ mediaId: seeded.mediaId, originationPhoneNumberId: DEMO_PHONE.phoneNumberId })),
      );
      expect(again.name).toBe('ResourceNotFoundException');
    });

    it('uploads from S3 and downloads back to <prefix><mediaId>.<subtype>', async () => {
      const bytes = Buffer.from('OggS-voice-note-bytes');
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'outbound/voice.ogg', Body: bytes, ContentType: 'audio/ogg; codecs=opus' }));

      const { mediaId } = await client.send(
        new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, sourceS3File: { bucketName: BUCKET, key: 'outbound/voice.ogg' } }),
      );
      expect(mediaId).toMatch(/^\d+$/);

      const out = await client.send(
        new GetWhatsAppMessageMediaCommand({ mediaId: mediaId!, originationPhoneNumberId: DEMO_PHONE.arn, destinationS3File: { bucketName: BUCKET, key: 'inbound/' } }),
      );
      expect(out).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', fileSize: bytes.length });

      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `inbound/${mediaId}.ogg` }));
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes);
      expect(object.ContentType).toBe('audio/ogg; codecs=opus');
    });

    it('a missing S3 object is InvalidParametersException', async () => {
      const error = await expectEumError(
        client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, sourceS3File: { bucketName: BUCKET, key: 'nope.jpg' } })),
      );
      expect(error.name).toBe('InvalidParametersException');
      expect(error.message).toContain('s3://eum-standin-media/nope.jpg');
    });

    it('media seeded over the control API is fetchable with the SDK', async () => {
      const response = await fetch(`${standin.url}/_standin/media`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ base64: Buffer.from('%PDF-1.4').toString('base64'), mimeType: 'application/pdf' }),
      });
      const { mediaId } = (await response.json()) as { mediaId: string };

      const out = await client.send(new GetWhatsAppMessageMediaCommand({ mediaId, originationPhoneNumberId: DEMO_PHONE.phoneNumberId, destinationS3File: { bucketName: BUCKET, key: '' } }));
      expect(out.fileSize).toBe(8);
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${mediaId}.pdf` }));
      expect(await object.Body!.transformToString()).toBe('%PDF-1.4');
    });
  });

  describe('media through presigned URLs', () => {
    it('uploads from a presigned GET and downloads to a presigned PUT', async () => {
      const bytes = Buffer.from('\x89PNG-fake');
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'presigned/in.png', Body: bytes, ContentType: 'image/png' }));
      const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'presigned/in.png' }), { expiresIn: 60 });
      const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'presigned/out.png' }), { expiresIn: 60 });

      const { mediaId } = await client.send(
        new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, sourceS3PresignedUrl: { url: getUrl, headers: { 'Content-Type': 'image/png' } } }),
      );
      const out = await client.send(
        new GetWhatsAppMessageMediaCommand({ mediaId: mediaId!, originationPhoneNumberId: DEMO_PHONE.phoneNumberId, destinationS3PresignedUrl: { url: putUrl, headers: {} } }),
      );

      expect(out).toMatchObject({ mimeType: 'image/png', fileSize: bytes.length });
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'presigned/out.png' }));
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes);
    });
  });

  describe('the 24-hour customer-service window (Meta 131047)', () => {
    const send = (message: Uint8Array) =>
      client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message, metaApiVersion: 'v23.0' }));
    const statusesOf = () => publishedBodies.map(parseEnvelope).map((p) => p.value.statuses?.[0]);
    const template = (to: string) =>
      blob(JSON.stringify({ messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }));

    it('a free-form message to a customer who never wrote is accepted, then fails with 131047 and is never delivered', async () => {
      const out = await send(textMessage('+15559990001', 'cold'));
      await standin.idle();

      expect(out.messageId).toBeDefined();
      const statuses = statusesOf();
      expect(statuses.map((s) => s?.status)).toEqual(['failed']);
      expect(statuses[0]?.errors).toEqual([
        expect.objectContaining({ code: 131047, title: 'Re-engagement message', error_data: { details: expect.stringContaining('24 hours') } }),
      ]);
      expect(parseEnvelope(publishedBodies[0]!).envelope.messageId).toBe(out.messageId);
    });

    it('a template to the same customer is delivered: templates need no window', async () => {
      await send(template('+15559990002'));
      await standin.idle();

      expect(statusesOf().map((s) => s?.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('a customer who last wrote 25 hours ago is outside the window until they write again', async () => {
      const customer = '+15559990003';
      await standin.customerWrites({ from: customer, text: 'old', at: new Date(Date.now() - 25 * 3600_000).toISOString(), deliver: false });
      await send(textMessage(customer, 'too late'));
      await standin.idle();
      expect(statusesOf().map((s) => s?.status)).toEqual(['failed']);

      publishedBodies.length = 0;
      await standin.customerWrites({ from: '1 555 999 0003', text: 'back again', deliver: false });
      await send(textMessage(customer, 'welcome back'));
      await standin.idle();
      expect(statusesOf().map((s) => s?.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('POST /_standin/inbound publishes the customer message in EUM envelope and opens the window', async () => {
      const response = await fetch(`${standin.url}/_standin/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+15559990004', name: 'Ana', text: 'hello there' }),
      });
      const wrote = (await response.json()) as { wamid: string; delivered: boolean };

      expect(response.status).toBe(200);
      expect(wrote.delivered).toBe(true);
      expect(publishedBodies).toHaveLength(1);
      const { envelope, value } = parseEnvelope(publishedBodies[0]!);
      expect(envelope).not.toHaveProperty('messageId');
      expect(value.messages?.[0]).toMatchObject({ id: wrote.wamid, from: '15559990004', type: 'text', text: { body: 'hello there' } });
      expect(value.contacts).toEqual([{ profile: { name: 'Ana' }, wa_id: '15559990004' }]);

      publishedBodies.length = 0;
      await send(textMessage('+15559990004', 'reply'));
      await standin.idle();
      expect(statusesOf().map((s) => s?.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('POST /_standin/inbound names what is wrong with a bad request', async () => {
      const response = await fetch(`${standin.url}/_standin/inbound`, { method: 'POST', body: JSON.stringify({ from: 'nobody', text: 'x' }) });

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain('from');
    });
  });

  describe('control API', () => {
    it('lists sends and resets', async () => {
      // A stand-in whose statuses wait a minute: the reset surely comes first, however slow the machine is.
      const published: string[] = [];
      const slow = await startEumStandin({ port: 0, statusDelayMs: 60_000, publish: async (body) => void published.push(body) });
      const slowClient = new SocialMessagingClient({ endpoint: slow.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      try {
        await slowClient.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: textMessage(), metaApiVersion: 'v23.0' }));

        const sends = (await (await fetch(`${slow.url}/_standin/sends`)).json()) as unknown[];
        expect(sends).toHaveLength(1);

        expect((await fetch(`${slow.url}/_standin/reset`, { method: 'POST' })).status).toBe(200);
        expect(slow.sends).toHaveLength(0);
        await slow.idle();
        expect(published).toHaveLength(0); // statuses scheduled before the reset are cancelled
      } finally {
        slowClient.destroy();
        await slow.close();
      }
    });

    it('survives a deeply nested payload: the send is refused as Meta does and /_standin/sends still answers', async () => {
      const deepArray = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      const deep = `{"messaging_product":"whatsapp","to":"+15551234567","type":"text","text":{"body":"x"},"extra":${deepArray}}`;

      const error = await expectEumError(
        client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: blob(deep), metaApiVersion: 'v23.0' })),
      );
      const sends = await fetch(`${standin.url}/_standin/sends`);
      const fault = await fetch(`${standin.url}/_standin/faults`, { method: 'POST', body: `{"metaError":${deepArray}}` });
      const faults = await fetch(`${standin.url}/_standin/faults`);

      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain('levels deep');
      expect(sends.status).toBe(200);
      expect(await sends.json()).toEqual([]);
      expect(fault.status).toBe(400);
      expect(faults.status).toBe(200);
      expect(await faults.json()).toEqual([]);
    });

    it('answers an unbound route with UnknownOperationException', async () => {
      const response = await fetch(`${standin.url}/v1/whatsapp/nothing-here`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    });
  });
});

describe('envelope builders', () => {
  it('newWamid looks like a Meta id', () => {
    expect(newWamid('+15551234567')).toMatch(/^wamid\.[A-Za-z0-9+/]+=*$/);
    expect(newWamid()).not.toBe(newWamid());
  });

  it('an inbound text envelope matches the documented capture (no messageId, entry as a string)', () => {
    const envelope = buildEnvelope({
      field: 'messages',
      value: inboundTextValue({ from: '+393462454282', name: 'Francesco', text: 'Prva', userId: 'IT.1', timestamp: new Date(1_758_171_394_000) }),
    });

    expect(envelope).not.toHaveProperty('messageId');
    const entry = JSON.parse(envelope.whatsAppWebhookEntry) as MetaEntry;
    const value = entry.changes[0]?.value as MetaMessagesValue;
    expect(value.contacts).toEqual([{ profile: { name: 'Francesco' }, wa_id: '393462454282', user_id: 'IT.1' }]);
    expect(value.messages?.[0]).toMatchObject({ from: '393462454282', from_user_id: 'IT.1', timestamp: '1758171394', type: 'text', text: { body: 'Prva' } });
    expect(value.messages?.[0]?.id).toMatch(/^wamid\./);
  });

  it('an inbound media value carries the media id and mime type under its kind', () => {
    const value = inboundMediaValue({ from: '12065550102', kind: 'document', mediaId: '530339869524171', mimeType: 'application/pdf', caption: 'invoice', filename: 'inv.pdf' });

    expect(value.contacts).toEqual([{ wa_id: '12065550102' }]);
    expect(value.messages?.[0]).toMatchObject({
      type: 'document',
      document: { id: '530339869524171', mime_type: 'application/pdf', caption: 'invoice', filename: 'inv.pdf', sha256: expect.any(String) },
    });
  });
});
