import { constants, createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetFlowEndpointKeys } from '../../shared/flows/endpoint-keys';
import { httpEvent, lambdaContext } from '../helpers/events';

/**
 * The deployed shape of flow_data_exchange: the Lambda behind `POST /flows/flow_data_exchange` (no authorizer),
 * reading its private key and the app secret from Secrets Manager (the stand-in, through the real SDK), answering a
 * request encrypted and signed as WhatsApp does.
 */
type Handler = (event: APIGatewayProxyEventV2) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;
let handler: Handler;
const appSecret = 'local-app-secret';
const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
let keys = pair();
const sm = new SecretsManagerClient({});
const secretId = () => `${process.env.SECRET_NAME_PREFIX}flow-endpoint`;

beforeAll(async () => {
  process.env.SECRET_NAME_PREFIX = `it-${randomBytes(4).toString('hex')}/`;
  await sm.send(new CreateSecretCommand({ Name: secretId(), SecretString: JSON.stringify({ privateKey: keys.privateKey, appSecret }) }));
  handler = (await import('../../functions/flow-endpoint/handler')).handler as unknown as Handler;
});

function request(payload: unknown, secret = appSecret) {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final(), cipher.getAuthTag()]);
  const body = JSON.stringify({
    encrypted_flow_data: data.toString('base64'),
    encrypted_aes_key: publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey).toString('base64'),
    initial_vector: iv.toString('base64'),
  });
  const event = httpEvent('POST', '/flows/flow_data_exchange', body, true);
  event.headers = { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
  return { event, aesKey, iv };
}

function decrypt(body: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => ~b & 0xff)));
  decipher.setAuthTag(data.subarray(-16));
  return JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8'));
}

describe('flow_data_exchange Lambda', () => {
  it('answers ping and INIT as text/plain base64 with keys from Secrets Manager', async () => {
    const ping = request({ version: '3.0', action: 'ping' });
    const res = await handler(ping.event);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/plain');
    expect(decrypt(res.body!, ping.aesKey, ping.iv)).toEqual({ version: '3.0', data: { status: 'active' } });

    const init = request({ version: '3.0', action: 'INIT', flow_token: 'tok-9' });
    const opened = await handler(init.event);
    expect(decrypt(opened.body!, init.aesKey, init.iv)).toMatchObject({ screen: 'APPOINTMENT' });
  });

  it('a request signed with another secret is 432 with an empty body', async () => {
    const forged = request({ version: '3.0', action: 'ping' }, 'someone-else');
    expect(await handler(forged.event)).toMatchObject({ statusCode: 432, body: '' });
  });

  it('after the key is rotated in Secrets Manager, a request for the old key is 421 until WhatsApp re-fetches', async () => {
    const old = keys;
    keys = pair();
    await sm.send(new PutSecretValueCommand({ SecretId: secretId(), SecretString: JSON.stringify({ privateKey: keys.privateKey, appSecret }) }));
    forgetFlowEndpointKeys();
    const fresh = request({ version: '3.0', action: 'ping' });
    expect((await handler(fresh.event)).statusCode).toBe(200);
    keys = old;
    const stale = request({ version: '3.0', action: 'ping' });
    expect((await handler(stale.event)).statusCode).toBe(421);
  });
});

describe('flow_data_exchange in help and list_actions', () => {
  /** The seed's flows names (../shared/seed/ACTIONS.md): each is an action, an alias or this route. */
  const SEED_FLOWS = ['create_flow', 'delete_flow', 'flow_completion', 'flow_data_exchange', 'flow_health_check', 'get_flow_responses', 'get_flows', 'send_flow_message', 'update_flow'];
  let config: (event: unknown, ctx: unknown) => Promise<any>;
  beforeAll(async () => {
    config = (await import('../../functions/config/handler')).handler as unknown as typeof config;
  });

  it('list_actions shows it with its path, without an API key, and how the caller is authenticated', async () => {
    const listed = await config({ action: 'list_actions', category: 'flows' }, lambdaContext);
    const entries = listed.categories.flows as { action: string; path: string; apiKey?: boolean; authentication?: string; aliasOf?: string }[];
    expect(entries.find((e) => e.action === 'flow_data_exchange')).toEqual({
      action: 'flow_data_exchange',
      path: '/flows/flow_data_exchange',
      required: [],
      apiKey: false,
      authentication: expect.stringContaining('X-Hub-Signature-256'),
    });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(SEED_FLOWS));
    expect(entries.find((e) => e.action === 'send_flow_message')?.aliasOf).toBe('send_flow');
  });

  it('help describes it, and POST / refuses to forward it (WhatsApp calls it, not API clients)', async () => {
    const help = await config({ action: 'help', category: 'flows' }, lambdaContext);
    const entry = help.categories.flows.find((e: { action: string }) => e.action === 'flow_data_exchange');
    expect(entry).toMatchObject({ method: 'POST', path: '/flows/flow_data_exchange', apiKey: false });
    expect(entry.authentication).toContain('encryption');
    const oneUrl = await config(httpEvent('POST', '/', { action: 'flow_data_exchange' }), lambdaContext);
    expect(oneUrl.statusCode).toBe(400);
    expect(JSON.parse(oneUrl.body).fields).toEqual([{ field: 'action', reason: expect.stringContaining('POST /flows/flow_data_exchange') }]);
  });
});
