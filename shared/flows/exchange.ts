import * as z from '../zod';
import { decryptFlowRequest, encryptFlowResponse, signatureValid, type DecryptedFlowRequest } from './crypto';

/**
 * The data-exchange endpoint's logic, apart from Lambda and Secrets Manager so the whole exchange can be tested:
 * check the signature before anything else (432), decrypt (421), answer `ping` and client error notices, and hand
 * INIT / data_exchange / BACK to the screen handlers a business registers in code (FlowScreens). Nothing here
 * stores anything, so an unverified caller changes nothing.
 */
export interface FlowEndpointKeys {
  /** PEM of the RSA-2048 private key whose public key is registered with WhatsApp. */
  privateKey: string;
  passphrase?: string;
  /** The Meta app's secret: X-Hub-Signature-256 is its HMAC of the raw body. */
  appSecret: string;
}

export const FlowExchangeSchema = z.looseObject({
  version: z.optional(z.string()),
  action: z.string(),
  screen: z.optional(z.string()),
  data: z.optional(z.record(z.string(), z.unknown())),
  flow_token: z.optional(z.string()),
});
export type FlowExchange = z.output<typeof FlowExchangeSchema>;

export interface ScreenReply {
  screen: string;
  data: Record<string, unknown>;
}

/** Thrown by a handler when the flow_token is unknown, expired or used: WhatsApp closes the Flow and shows `message`. */
export class FlowTokenError extends Error {}

export interface FlowScreens {
  /** The Flow was opened with flow_action data_exchange. */
  init: (req: FlowExchange) => Promise<ScreenReply>;
  /** data_exchange and BACK, by the screen the customer is on. */
  screens: Record<string, (req: FlowExchange) => Promise<ScreenReply>>;
}

export interface EndpointAnswer {
  statusCode: number;
  /** Base64 text (the encrypted answer), or empty. */
  body: string;
}

const EncryptedBody = z.object({ encrypted_flow_data: z.string().check(z.minLength(1)), encrypted_aes_key: z.string().check(
  z.minLength(1),
), initial_vector: z.string().check(
  z.minLength(1),
) });

async function reply(req: FlowExchange, screens: FlowScreens): Promise<Record<string, unknown>> {
  if (req.action === 'ping') return { data: { status: 'active' } };
  // The client reports an error it hit with a previous answer; acknowledge it.
  if (req.data && 'error' in req.data) return { data: { acknowledged: true } };
  if (req.action === 'INIT') return { ...(await screens.init(req)) };
  if (req.action === 'data_exchange' || req.action === 'BACK') {
    const handler = req.screen ? screens.screens[req.screen] : undefined;
    if (!handler) return { screen: req.screen ?? 'UNKNOWN', data: { error_message: `This step (${req.screen ?? 'no screen'}) is not available.` } };
    return { ...(await handler(req)) };
  }
  return { screen: req.screen ?? 'UNKNOWN', data: { error_message: `Unsupported action ${req.action}.` } };
}

export async function answerFlowRequest(raw: Buffer, signature: string | undefined, keys: FlowEndpointKeys, screens: FlowScreens): Promise<EndpointAnswer> {
  if (!signatureValid(raw, signature, keys.appSecret)) return { statusCode: 432, body: '' };
  let decrypted: DecryptedFlowRequest;
  let request: FlowExchange;
  try {
    const body = EncryptedBody.parse(JSON.parse(raw.toString('utf8')));
    decrypted = decryptFlowRequest(body, keys.privateKey, keys.passphrase);
    request = FlowExchangeSchema.parse(decrypted.payload);
  } catch {
    // Cannot decrypt (or not a Flows request at all): WhatsApp re-fetches the public key and retries.
    return { statusCode: 421, body: '' };
  }
  try {
    const answer = await reply(request, screens);
    return { statusCode: 200, body: encryptFlowResponse({ version: request.version, ...answer }, decrypted.aesKey, decrypted.iv) };
  } catch (err) {
    if (err instanceof FlowTokenError) return { statusCode: 427, body: encryptFlowResponse({ error_msg: err.message }, decrypted.aesKey, decrypted.iv) };
    throw err;
  }
}
