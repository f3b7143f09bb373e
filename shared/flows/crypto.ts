import { constants, createCipheriv, createDecipheriv, createHmac, privateDecrypt, timingSafeEqual } from 'node:crypto';

/**
 * WhatsApp Flows endpoint encryption (reference/meta-templates-flows-graph.md §2.5): the request's AES-128 key is
 * RSA-OAEP (SHA-256, MGF1-SHA-256) encrypted with the business's public key; the payload is AES-128-GCM with a
 * 16-byte IV and the tag as its last 16 bytes; the answer uses the same key with every IV bit inverted.
 */
export interface EncryptedFlowRequest {
  encrypted_flow_data: string;
  encrypted_aes_key: string;
  initial_vector: string;
}

export interface DecryptedFlowRequest {
  payload: unknown;
  aesKey: Buffer;
  iv: Buffer;
}

const TAG_BYTES = 16;

/** Throws when any step fails: the endpoint answers 421 so WhatsApp re-fetches the public key. */
export function decryptFlowRequest(body: EncryptedFlowRequest, privateKeyPem: string, passphrase?: string): DecryptedFlowRequest {
  const aesKey = privateDecrypt(
    { key: privateKeyPem, passphrase, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(body.encrypted_aes_key, 'base64'),
  );
  if (aesKey.length !== 16) throw new Error(`the AES key is ${aesKey.length} bytes, not 16`);
  const data = Buffer.from(body.encrypted_flow_data, 'base64');
  const iv = Buffer.from(body.initial_vector, 'base64');
  if (data.length <= TAG_BYTES) throw new Error('encrypted_flow_data is too short');
  const decipher = createDecipheriv('aes-128-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(data.subarray(-TAG_BYTES));
  const plain = Buffer.concat([decipher.update(data.subarray(0, -TAG_BYTES)), decipher.final()]);
  return { payload: JSON.parse(plain.toString('utf8')), aesKey, iv };
}

export const flipIv = (iv: Buffer): Buffer => Buffer.from(iv.map((b) => ~b & 0xff));

/** The answer body: base64 of AES-128-GCM(JSON) with the flipped IV, tag appended. */
export function encryptFlowResponse(response: unknown, aesKey: Buffer, iv: Buffer): string {
  const cipher = createCipheriv('aes-128-gcm', aesKey, flipIv(iv), { authTagLength: TAG_BYTES });
  const out = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return out.toString('base64');
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, compared in constant time. */
export function signatureValid(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}
