import { constants, createCipheriv, createDecipheriv, createHmac, publicEncrypt, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { flowReplyValue } from '../../local/simulate-flow';
import { envelopeBody } from '../../local/standins/eum/envelope';

/**
 * The "done when", as a new user lives it on the local cloud, over HTTP only: a template with a named body
 * parameter and a quick reply turns APPROVED through ingest, goes to a customer who never wrote, a wrong parameter
 * count is refused, and it is deleted; a Flow is created, published, sent, filled (as `npm run simulate -- --flow`
 * does) and its answers read back with get_flow_responses and marked handled; a Flow goes to a customer who never
 * wrote through a template's FLOW button; and the Flows data endpoint answers WhatsApp without an API key.
 */
const { baseUrl, apiKey, snsEndpoint, eumUrl } = inject('e2e') as { baseUrl: string; apiKey: string; snsEndpoint: string; eumUrl: string };
const sns = new SNSClient({ endpoint: snsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
afterAll(() => sns.destroy());

async function call(path: string, body: unknown) {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  } while (Date.now() < deadline);
  return last;
}

describe('templates on the local cloud', () => {
  it('create → APPROVED via ingest → send outside any window → wrong call refused → delete', async () => {
    const created = await call('/templates/create_template', {
      name: 'e2e_order_ready',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'named',
      components: [
        { type: 'BODY', text: 'Hi {{first_name}}, your order is ready.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] },
      ],
    });
    expect(created).toMatchObject({ status: 200, body: { status: 'PENDING' } });
    const approved = await eventually(
      () => call('/templates/get_local_templates', { namePrefix: 'e2e_order_ready' }),
      (r) => r.body.templates?.[0]?.status === 'APPROVED',
    );
    expect(approved.body.templates[0]).toMatchObject({ templateName: 'e2e_order_ready', status: 'APPROVED' });

    const body = [{ type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }] }];
    const sent = await call('/messaging/send_template', { to: '+15550007001', name: 'e2e_order_ready', language: 'en_US', components: body });
    expect(sent).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const wrong = await call('/messaging/send_template', { to: '+15550007001', name: 'e2e_order_ready', language: 'en_US' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain('first_name');

    expect(await call('/templates/delete_template', { name: 'e2e_order_ready', language: 'en_US' })).toMatchObject({ status: 200 });
    expect((await call('/messaging/send_template', { to: '+15550007001', name: 'e2e_order_ready', language: 'en_US', components: body })).status).toBe(404);
  });
});

describe('Flows on the local cloud', () => {
  it('create and publish a Flow, send it, fill it as simulate does, and read the answers', async () => {
    const flowJson = {
      version: '7.3',
      screens: [{ id: 'FEEDBACK', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextInput', name: 'comment', label: 'Comment' }] } }],
    };
    const flow = await call('/flows/create_flow', { name: 'E2E feedback', categories: ['SURVEY'], flowJson });
    expect(flow).toMatchObject({ status: 200, body: { status: 'DRAFT', validationErrors: [] } });
    expect(await call('/flows/publish_flow', { flowId: flow.body.flowId })).toMatchObject({ status: 200 });

    // The customer writes first: a Flow message is interactive, so it needs the customer-service window.
    const from = '15550007002';
    const value = (await import('../../local/standins/eum/envelope')).inboundTextValue({ from, text: 'feedback please', name: 'E2E' });
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:whatsapp-eum-local-inbound', Message: envelopeBody({ field: 'messages', value }) }));
    const conv = await eventually(() => call('/conversations/get_conversations', {}), (r) => r.body.conversations?.some((c: any) => c.customer === from && c.windowExpiresAt));
    expect(conv.status).toBe(200);

    const sent = await call('/flows/send_flow_message', { to: from, body: 'Tell us more', flowId: flow.body.flowId, flowCta: 'Open', flowToken: 'e2e-token', flowActionPayload: { screen: 'FEEDBACK' } });
    expect(sent).toMatchObject({ status: 200 });
    // The customer answers once the Flow reached them: by then WhatsApp's `sent` status has named its wamid. (An
    // answer ingested before that status is stored without its Flow and only a later unfiltered read places it.)
    await eventually(
      () => call('/conversations/get_message', { messageId: sent.body.messageId }),
      (r) => typeof r.body.message?.waMessageId === 'string',
    );

    const reply = await flowReplyValue(eumUrl, from, { comment: 'Great service' }, 'E2E');
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:whatsapp-eum-local-inbound', Message: envelopeBody({ field: 'messages', value: reply }) }));
    const answers = await eventually(
      () => call('/flows/get_flow_responses', { flowId: flow.body.flowId }),
      (r) => r.body.count === 1,
    );
    expect(answers.body.responses[0]).toMatchObject({ customer: from, flowToken: 'e2e-token', response: { comment: 'Great service' }, handled: false });
    const messages = await call('/conversations/get_messages', { customer: from });
    expect(messages.body.messages.find((m: any) => m.flowResponse)).toMatchObject({ flowResponse: { comment: 'Great service' }, flowToken: 'e2e-token' });

    const done = await call('/flows/flow_completion', { messageId: answers.body.responses[0].messageId, note: 'read' });
    expect(done).toMatchObject({ status: 200, body: { response: { handled: true, handledNote: 'read' } } });
    expect((await call('/flows/get_flow_responses', { customer: `+${from}`, unhandledOnly: true })).body.count).toBe(0);
  });

  it('a Flow reaches a customer who never wrote through a template FLOW button, and its answers name the Flow', async () => {
    const flowJson = { version: '7.3', screens: [{ id: 'RATE', terminal: true, layout: { type: 'SingleColumnLayout', children: [] } }] };
    const flow = await call('/flows/create_flow', { name: 'E2E rating', categories: ['SURVEY'], flowJson, publish: true });
    expect(flow).toMatchObject({ status: 200, body: { status: 'PUBLISHED' } });
    const template = await call('/templates/create_template', {
      name: 'e2e_rate_us',
      language: 'en_US',
      category: 'MARKETING',
      components: [
        { type: 'BODY', text: 'How did we do? Tap below.' },
        { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Rate us', flow_id: flow.body.flowId, navigate_screen: 'RATE', flow_action: 'navigate' }] },
      ],
    });
    expect(template.status).toBe(200);
    await eventually(() => call('/templates/get_local_templates', { namePrefix: 'e2e_rate_us' }), (r) => r.body.templates?.[0]?.status === 'APPROVED');

    const from = '15550007003';
    const button = [{ type: 'button', sub_type: 'flow', index: 0, parameters: [{ type: 'action', action: { flow_token: 'rate-1' } }] }];
    expect(await call('/messaging/send_template', { to: from, name: 'e2e_rate_us', language: 'en_US', components: button })).toMatchObject({ status: 200 });
    const reply = await flowReplyValue(eumUrl, from, { stars: 4 });
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:whatsapp-eum-local-inbound', Message: envelopeBody({ field: 'messages', value: reply }) }));
    // Whether the answer beats the template message's `sent` status or not, a per-Flow read finds it under its Flow.
    const answers = await eventually(() => call('/flows/get_flow_responses', { flowId: flow.body.flowId }), (r) => r.body.count === 1);
    expect(answers.body.responses[0]).toMatchObject({ flowId: flow.body.flowId, flowToken: 'rate-1', response: { stars: 4 } });
  });

  it('the data endpoint is listed without an API key, answers a signed, encrypted ping, and 432 to a forged one', async () => {
    const listed = await call('/config/list_actions', { category: 'flows' });
    expect(listed.body.categories.flows).toContainEqual(expect.objectContaining({ action: 'flow_data_exchange', path: '/flows/flow_data_exchange', apiKey: false }));
    const dir = join(__dirname, '..', '..', '.local', 'flow-endpoint');
    const publicKey = readFileSync(join(dir, 'public.pem'), 'utf8');
    const appSecret = readFileSync(join(dir, 'app-secret'), 'utf8');
    const aesKey = randomBytes(16);
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify({ version: '3.0', action: 'ping' })), cipher.final(), cipher.getAuthTag()]);
    const body = JSON.stringify({
      encrypted_flow_data: data.toString('base64'),
      encrypted_aes_key: publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey).toString('base64'),
      initial_vector: iv.toString('base64'),
    });
    const post = (secret: string) =>
      fetch(`${baseUrl}/flows/flow_data_exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
        body,
      });
    const res = await post(appSecret);
    expect(res.status).toBe(200);
    const answer = Buffer.from(await res.text(), 'base64');
    const decipher = createDecipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => ~b & 0xff)));
    decipher.setAuthTag(answer.subarray(-16));
    expect(JSON.parse(Buffer.concat([decipher.update(answer.subarray(0, -16)), decipher.final()]).toString('utf8'))).toMatchObject({ data: { status: 'active' } });
    expect((await post('forged-secret')).status).toBe(432);
  });
});
