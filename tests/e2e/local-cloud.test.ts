import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { envelopeBody, inboundTextValue } from '../../local/standins/eum/envelope';

const { baseUrl, apiKey, snsEndpoint, sqsEndpoint, eumUrl, ports } = inject('e2e');
const creds = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';
const topicArn = 'arn:aws:sns:us-east-1:123456789012:whatsapp-eum-local-inbound';
const sns = new SNSClient({ endpoint: snsEndpoint, region, credentials: creds });
const sqs = new SQSClient({ endpoint: sqsEndpoint, region, credentials: creds });

// Their keep-alive sockets would otherwise hold the test worker open after the last test.
afterAll(() => {
  sns.destroy();
  sqs.destroy();
});

async function call(path: string, body: unknown, key: string | null = apiKey, raw = false) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: raw ? String(body) : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

/**
 * A customer writes: the EUM stand-in opens their window on WhatsApp's side and publishes the webhook to SNS as EUM
 * does; ingest opens it on ours. Returns the wamid.
 */
async function customerWrites(from: string): Promise<string> {
  const res = await fetch(`${eumUrl}/_standin/inbound`, { method: 'POST', body: JSON.stringify({ from, text: 'hi', name: 'E2E Customer' }) });
  const { wamid } = (await res.json()) as { wamid: string };
  await eventually(
    () => call('/conversations/get_conversations', {}),
    (r) => r.body.conversations?.some((c: any) => c.customer === from && c.windowExpiresAt),
  );
  return wamid;
}

/** Statuses and inbound messages travel SNS → ingest asynchronously, as on AWS: wait for the effect. */
async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
  return last;
}

describe('the local cloud over HTTP', () => {
  it('refuses a request without a key (401) or with an unknown key (403)', async () => {
    expect((await call('/config/ping', {}, null)).status).toBe(401);
    expect((await call('/config/ping', {}, 'not-a-real-key-at-all')).status).toBe(403);
  });

  it('a request with a 20 KB header gets our JSON error shape (431), as API Gateway refuses it', async () => {
    const res = await fetch(`${baseUrl}/config/ping`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'x-big': 'a'.repeat(20_000) }, body: '{}' });

    expect(res.status).toBe(431);
    expect(await res.json()).toMatchObject({ statusCode: 431, error: expect.stringContaining('headers'), correlationId: expect.any(String) });
  });

  it('answers ping and help with every action', async () => {
    expect(await call('/config/ping', {})).toMatchObject({ status: 200, body: { operation: 'ping', message: 'pong' } });
    const help = await call('/config/help', {});
    expect(help.status).toBe(200);
    const paths = Object.values(help.body.categories).flat().map((a: any) => a.path);
    expect(paths).toEqual(expect.arrayContaining(['/messaging/send_text', '/conversations/get_messages', '/config/get_config']));
  });

  it('send_text to a customer who wrote goes out through EUM Social and its statuses come back over SNS until it reads read', async () => {
    await customerWrites('15550009001');
    const sent = await call('/messaging/send_text', { to: '+15550009001', text: 'e2e hello' });
    expect(sent.status).toBe(200);
    const { messageId } = sent.body;
    const page = await eventually(
      () => call('/conversations/get_messages', { customer: '+15550009001' }),
      (r) => r.body.messages?.find((m: any) => m.messageId === messageId)?.status === 'read',
    );
    const msg = page.body.messages.find((m: any) => m.messageId === messageId);
    expect(msg).toMatchObject({ status: 'read', direction: 'OUTBOUND', preview: 'e2e hello' });
    expect(msg.waMessageId).toMatch(/^wamid\./);
  });

  it('a customer who never wrote gets no free-form message (409, use send_template); a template goes', async () => {
    const refused = await call('/messaging/send_text', { to: '+15550009005', text: 'cold' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ windowExpiresAt: null, reason: 'customer_service_window_closed' });
    expect(refused.body.error).toContain('send_template');
    const template = await call('/messaging/send_template', { to: '+15550009005', name: 'hello_world', language: 'en_US' });
    expect(template.status).toBe(200);
  });

  it('with the window check turned off, WhatsApp itself refuses: the message ends failed with 131047', async () => {
    const sent = await call('/messaging/send_text', { to: '+15550009007', text: 'cold, unchecked', enforceWindow: false });
    expect(sent.status).toBe(200);
    const page = await eventually(
      () => call('/conversations/get_messages', { customer: '+15550009007' }),
      (r) => r.body.messages?.find((m: any) => m.messageId === sent.body.messageId)?.status === 'failed',
    );
    const msg = page.body.messages.find((m: any) => m.messageId === sent.body.messageId);
    expect(msg.status).toBe('failed');
    expect(JSON.stringify(msg)).toContain('131047');
  });

  it('after the customer writes, interactive buttons go out and are marked read by the customer', async () => {
    const wamid = await customerWrites('15550009006');
    const sent = await call('/messaging/send_interactive_buttons', {
      to: '+15550009006',
      body: 'How was your order?',
      buttons: [
        { id: 'good', title: 'Good' },
        { id: 'bad', title: 'Bad' },
      ],
      replyTo: wamid,
    });
    expect(sent.status).toBe(200);
    const page = await eventually(
      () => call('/conversations/get_messages', { customer: '+15550009006' }),
      (r) => r.body.messages?.find((m: any) => m.messageId === sent.body.messageId)?.status === 'read',
    );
    expect(page.body.messages.find((m: any) => m.messageId === sent.body.messageId)).toMatchObject({ type: 'interactive', preview: 'How was your order?' });
    const read = await call('/messaging/mark_as_read', { messageId: wamid, typingIndicator: true });
    expect(read).toMatchObject({ status: 200, body: { readMessageId: wamid } });
  });

  it('a simulated inbound message shows up in get_conversations and get_messages', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', '..', 'local', 'simulate.ts'), '--from', '+15550009002', '--text', 'inbound via simulate', '--name', 'Eve'],
      { env: { ...process.env, ...ports } },
    );
    const { wamid } = JSON.parse(stdout);
    const convs = await eventually(
      () => call('/conversations/get_conversations', {}),
      (r) => r.body.conversations?.some((c: any) => c.customer === '15550009002'),
    );
    expect(convs.body.conversations.find((c: any) => c.customer === '15550009002')).toMatchObject({
      unreadCount: 1,
      lastMessage: 'inbound via simulate',
      contactName: 'Eve',
    });
    const msgs = await call('/conversations/get_messages', { customer: '15550009002' });
    expect(msgs.body.messages[0]).toMatchObject({ messageId: wamid, direction: 'INBOUND', text: 'inbound via simulate' });
  });

  it('a duplicate SNS delivery stores nothing twice', async () => {
    const body = envelopeBody({ field: 'messages', value: inboundTextValue({ from: '15550009003', text: 'only once', name: 'Dup' }) });
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: body }));
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: body }));
    const convs = await eventually(
      () => call('/conversations/get_conversations', {}),
      (r) => r.body.conversations?.some((c: any) => c.customer === '15550009003'),
    );
    await new Promise((r) => setTimeout(r, 1000)); // let the second delivery land too
    const msgs = await call('/conversations/get_messages', { customer: '15550009003' });
    expect(msgs.body.messages).toHaveLength(1);
    const conv = (await call('/conversations/get_conversations', {})).body.conversations.find((c: any) => c.customer === '15550009003');
    expect(conv).toMatchObject({ unreadCount: 1 });
    expect(convs.status).toBe(200);
  });

  it('a record ingest cannot process lands in the dead-letter queue with its reason', async () => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '{"not": "an EUM envelope"}' }));
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'whatsapp-eum-local-ingest-dlq' }));
    const letters = await eventually(
      async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages ?? [],
      (m) => m.length > 0,
    );
    const reasons = letters.map((m) => JSON.parse(m.Body!).reason);
    expect(reasons.some((r: string) => r.includes('whatsAppWebhookEntry'))).toBe(true);
  });

  it('malformed JSON is a 400, an unknown action a 404 naming the valid ones', async () => {
    const bad = await call('/messaging/send_text', '{"to": ', apiKey, true);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Malformed JSON/);
    const unknown = await call('/messaging/send_telegram', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.validActions).toContain('send_text');
    const nowhere = await call('/nothing/here', {});
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.validPaths).toContain('/messaging/send_text');
  });

  it('invalid input is a 400 naming the field, and nothing is sent', async () => {
    const res = await call('/messaging/send_text', { to: '+15550009004', text: '' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'text', reason: expect.any(String) }]);
    const msgs = await call('/conversations/get_messages', { customer: '+15550009004' });
    expect(msgs.status).toBe(404);
  });

  it("the seed's one URL: POST / with {action} reaches the action's category, authorized like every route", async () => {
    const customer = '+15550009005';
    await customerWrites(customer);
    const sent = await call('/', { action: 'send_text', to: customer, text: 'via the old URL' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ operation: 'send_text', status: 'accepted', forwardedTo: 'messaging' });
    const msgs = await call('/', { action: 'get_messages', customer });
    expect(msgs.body.messages.map((m: any) => m.messageId)).toContain(sent.body.messageId);
    expect((await call('/', { action: 'ping' })).body).toMatchObject({ operation: 'ping', message: 'pong' });

    const invalid = await call('/', { action: 'send_text', to: customer, text: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields[0].field).toBe('text');
    const unknown = await call('/', { action: 'send_telegram' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.validActions).toContain('send_text');
    expect((await call('/', { to: customer })).body.fields[0].field).toBe('action');
    expect((await call('/', { action: 'ping' }, null)).status).toBe(401);
  });
});

describe('large media uploads run in the background (upload_media answers 202)', () => {
  const MB = 1024 * 1024;

  /** Puts a file in the media bucket the way a client does: get_upload_url, then a PUT to the presigned URL. */
  async function putInBucket(fileName: string, contentType: string, body: Buffer): Promise<string> {
    const grant = await call('/media/get_upload_url', { fileName, contentType });
    expect(grant.status).toBe(200);
    const put = await fetch(grant.body.url, { method: 'PUT', headers: grant.body.headers, body });
    expect(put.status).toBe(200);
    return grant.body.s3Key;
  }

  const jobOutcome = (jobId: string) =>
    eventually(
      () => call('/media/get_media_upload_job', { jobId }),
      (r) => ['succeeded', 'failed'].includes(r.body.job?.status),
      60_000,
    );

  it('a 17 MB document: 202 with a job id, then the job ends with a media id the send uses', async () => {
    const s3Key = await putInBucket('big.pdf', 'application/pdf', Buffer.alloc(17 * MB, 7));

    const accepted = await call('/media/upload_media', { s3Key });
    expect(accepted).toMatchObject({ status: 202, body: { statusCode: 202, jobId: expect.any(String), status: 'pending', size: 17 * MB, kind: 'document' } });
    const done = await jobOutcome(accepted.body.jobId);

    expect(done.body.job).toMatchObject({ status: 'succeeded', mediaId: expect.any(String), s3Key, attempts: 1 });
    await customerWrites('15550009031');
    const sent = await call('/messaging/send_document', { to: '+15550009031', mediaId: done.body.job.mediaId, filename: 'big.pdf' });
    expect(sent.status).toBe(200);
  });

  it('a send with the same 17 MB object is a 400 naming s3Key and pointing at upload_media', async () => {
    const s3Key = await putInBucket('big2.pdf', 'application/pdf', Buffer.alloc(16 * MB + 1, 1));

    const sent = await call('/messaging/send_document', { to: '+15550009031', s3Key });

    expect(sent.status).toBe(400);
    expect(sent.body.fields).toEqual([{ field: 's3Key', reason: expect.stringContaining('upload_media') }]);
  });

  it('a small image with async: true goes the same way; a small one without it answers 200 at once', async () => {
    const s3Key = await putInBucket('small.png', 'image/png', Buffer.alloc(2048, 3));

    const accepted = await call('/media/upload_media', { s3Key, async: true });
    const direct = await call('/media/upload_media', { s3Key });

    expect(accepted.status).toBe(202);
    expect((await jobOutcome(accepted.body.jobId)).body.job).toMatchObject({ status: 'succeeded', mediaId: expect.any(String), kind: 'image' });
    expect(direct).toMatchObject({ status: 200, body: { mediaId: expect.any(String), kind: 'image' } });
  });

  it('an unknown job id is a 404; a malformed one a 400 naming jobId', async () => {
    expect((await call('/media/get_media_upload_job', { jobId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const bad = await call('/media/get_media_upload_job', { jobId: 'nope' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('jobId');
  });
});
