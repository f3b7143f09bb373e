import { createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, publicEncrypt, constants, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flowScreens } from '../../functions/flow-endpoint/screens';
import { answerFlowRequest, type FlowEndpointKeys } from '../../shared/flows/exchange';

/**
 * The data-exchange endpoint against a request built exactly as WhatsApp builds one (Meta's endpoint guide and the
 * WhatsApp-Flows-Tools samples): a fresh AES-128 key RSA-OAEP-SHA256-encrypted with our public key, the payload
 * AES-128-GCM with a 16-byte IV and the tag appended, the body signed with the app secret. The answer is decrypted as
 * WhatsApp does: same key, inverted IV.
 */
const PASSPHRASE = 'flows-test-passphrase';
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
});
const keys: FlowEndpointKeys = { privateKey, passphrase: PASSPHRASE, appSecret: 'app-secret-for-tests' };

function whatsAppRequest(payload: unknown, opts: { publicKeyPem?: string; secret?: string; tamper?: boolean } = {}) {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final(), cipher.getAuthTag()]);
  if (opts.tamper) data[0] = data[0]! ^ 0xff;
  const body = JSON.stringify({
    encrypted_flow_data: data.toString('base64'),
    encrypted_aes_key: publicEncrypt({ key: opts.publicKeyPem ?? publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey).toString('base64'),
    initial_vector: iv.toString('base64'),
  });
  const signature = `sha256=${createHmac('sha256', opts.secret ?? keys.appSecret).update(body).digest('hex')}`;
  return { raw: Buffer.from(body), signature, aesKey, iv };
}

/** What WhatsApp does with our answer. */
function decryptAnswer(body: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(body, 'base64');
  const flipped = Buffer.from(iv.map((b) => ~b & 0xff));
  const decipher = createDecipheriv('aes-128-gcm', aesKey, flipped);
  decipher.setAuthTag(data.subarray(-16));
  return JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8'));
}

async function exchange(payload: unknown, opts?: Parameters<typeof whatsAppRequest>[1]) {
  const req = whatsAppRequest(payload, opts);
  const answer = await answerFlowRequest(req.raw, req.signature, keys, flowScreens);
  return { ...answer, decrypted: answer.statusCode === 200 || answer.statusCode === 427 ? decryptAnswer(answer.body, req.aesKey, req.iv) : undefined };
}

describe('flow_data_exchange crypto round trip', () => {
  it('answers a health-check ping (no flow_token) with status active', async () => {
    const res = await exchange({ version: '3.0', action: 'ping' });
    expect(res.statusCode).toBe(200);
    expect(res.decrypted).toEqual({ version: '3.0', data: { status: 'active' } });
  });

  it('INIT opens the first screen; data_exchange with a valid choice closes the Flow with its params', async () => {
    const init = await exchange({ version: '3.0', action: 'INIT', flow_token: 'tok-1' });
    expect(init.decrypted).toMatchObject({ screen: 'APPOINTMENT', data: { slots: expect.arrayContaining([expect.objectContaining({ id: 'tue_14' })]) } });
    const done = await exchange({ version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: 'tok-1', data: { slot: 'tue_14' } });
    expect(done.decrypted).toEqual({
      version: '3.0',
      screen: 'SUCCESS',
      data: { extension_message_response: { params: { flow_token: 'tok-1', slot: 'tue_14', slot_title: 'Tuesday 14:00' } } },
    });
  });

  it('an invalid choice stays on the screen with an error message; an unknown screen says so', async () => {
    const bad = await exchange({ version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: 't', data: { slot: 'sun_23' } });
    expect(bad.decrypted).toMatchObject({ screen: 'APPOINTMENT', data: { error_message: expect.stringContaining('choose') } });
    const unknown = await exchange({ version: '3.0', action: 'data_exchange', screen: 'NOPE', flow_token: 't', data: {} });
    expect(unknown.decrypted).toMatchObject({ screen: 'NOPE', data: { error_message: expect.stringContaining('NOPE') } });
  });

  it('acknowledges a client error notice', async () => {
    const res = await exchange({ version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: 't', data: { error: 'bad', error_message: 'x' } });
    expect(res.decrypted).toMatchObject({ data: { acknowledged: true } });
  });

  it('a missing flow_token on INIT is 427 with an encrypted error_msg', async () => {
    const res = await exchange({ version: '3.0', action: 'INIT' });
    expect(res.statusCode).toBe(427);
    expect(res.decrypted).toEqual({ error_msg: expect.stringContaining('expired') });
  });

  it('a wrong or missing signature is 432 before anything is decrypted or handled', async () => {
    const forged = await exchange({ version: '3.0', action: 'INIT', flow_token: 't' }, { secret: 'not-the-app-secret' });
    expect(forged).toMatchObject({ statusCode: 432, body: '' });
    const req = whatsAppRequest({ version: '3.0', action: 'ping' });
    expect(await answerFlowRequest(req.raw, undefined, keys, flowScreens)).toEqual({ statusCode: 432, body: '' });
    // The signature covers the raw bytes: one changed byte fails it.
    const altered = Buffer.from(req.raw);
    altered[altered.length - 3] = altered[altered.length - 3]! ^ 1;
    expect((await answerFlowRequest(altered, req.signature, keys, flowScreens)).statusCode).toBe(432);
  });

  it('a key encrypted for another public key, or tampered ciphertext, is 421 (WhatsApp re-fetches our key)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect((await exchange({ version: '3.0', action: 'ping' }, { publicKeyPem: other.publicKey })).statusCode).toBe(421);
    expect((await exchange({ version: '3.0', action: 'ping' }, { tamper: true })).statusCode).toBe(421);
  });
});
