import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';

/**
 * Gives the local Flows data endpoint its key material, as an operator does on AWS: an RSA-2048 key pair and the
 * Meta app secret in the Secrets Manager secret `<service>/<stage>/flow-endpoint`. The public key (what you would
 * register with WhatsApp) and the app secret are written to `.local/flow-endpoint/` so a local client can encrypt and
 * sign requests as WhatsApp does.
 */
export async function seedFlowEndpointSecret(endpoint: string, secretName: string, dir: string): Promise<{ publicKeyPath: string }> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const appSecret = process.env.FLOW_APP_SECRET || randomBytes(16).toString('hex');
  const client = new SecretsManagerClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateSecretCommand({ Name: secretName, SecretString: JSON.stringify({ privateKey, appSecret }) }));
  } finally {
    client.destroy();
  }
  mkdirSync(dir, { recursive: true });
  const publicKeyPath = join(dir, 'public.pem');
  writeFileSync(publicKeyPath, publicKey);
  writeFileSync(join(dir, 'app-secret'), appSecret);
  return { publicKeyPath };
}
