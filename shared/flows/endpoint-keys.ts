import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import * as z from '../zod';
import { secretsManager } from '../aws/clients';
import { getConfig } from '../config';
import type { FlowEndpointKeys } from './exchange';

/**
 * The Flow endpoint's private key and the Meta app secret, from the Secrets Manager secret
 * `<SECRET_NAME_PREFIX>flow-endpoint` holding `{"privateKey": "<PEM>", "passphrase"?: "…", "appSecret": "…"}`.
 * Read once per process and kept for FLOW_KEY_CACHE_MS, so a rotation is picked up without a deploy.
 */
export const FLOW_ENDPOINT_SECRET = 'flow-endpoint';
const CACHE_MS = 5 * 60_000;

const SecretSchema = z.object({
  privateKey: z.string().check(z.includes('PRIVATE KEY', { message: 'must be a PEM private key' })),
  passphrase: z.optional(z.string().check(z.minLength(1))),
  appSecret: z.string().check(z.minLength(1)),
});

let cached: { keys: FlowEndpointKeys; until: number } | undefined;

export async function flowEndpointKeys(): Promise<FlowEndpointKeys> {
  if (cached && cached.until > Date.now()) return cached.keys;
  const secretId = `${getConfig().SECRET_NAME_PREFIX ?? ''}${FLOW_ENDPOINT_SECRET}`;
  const out = await secretsManager().send(new GetSecretValueCommand({ SecretId: secretId }));
  const parsed = SecretSchema.safeParse(JSON.parse(out.SecretString ?? '{}'));
  if (!parsed.success) throw new Error(`Secret ${secretId} is not {privateKey, passphrase?, appSecret}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  cached = { keys: parsed.data, until: Date.now() + CACHE_MS };
  return parsed.data;
}

/** Tests rotate the secret; this forgets the copy. */
export function forgetFlowEndpointKeys(): void {
  cached = undefined;
}
