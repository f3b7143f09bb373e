import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';

/**
 * Gives the local Flows data endpoint its key material, as an operator does on AWS: an RSA-2048 key pair and the
 * Meta app secret in the Secrets Manager secret `<service>/<stage>/flow-endpoint`. The public key (what you would
 * register with WhatsApp) and the app secret are written to `.local/flow-endpoint/` so a local client can encrypt and
 * sign requests as WhatsApp does.
 *
 * The key pair and app secret are made once and kept in that folder (`keys.json`): a public key registered once
 * stays valid across restarts, as on AWS, and `npm start` does not spend a key generation (a second of CPU on a busy
 * machine) each time. FLOW_APP_SECRET, when set, is the app secret. Delete the folder for new ones.
 */

interface FlowKeys {
  publicKey: string;
  privateKey: string;
  appSecret: string;
}

function newKeys(): FlowKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey, privateKey, appSecret: randomBytes(16).toString('hex') };
}

/** The kept keys, or new ones kept now. Two first starts at once agree: the first file linked in place wins. */
function keptKeys(dir: string): FlowKeys {
  const file = join(dir, 'keys.json');
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as FlowKeys;
  try {
    return read();
  } catch {
    // none yet
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(newKeys()), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch {
    // another start linked its keys first (or a damaged file is there: replaced below)
  } finally {
    rmSync(tmp, { force: true });
  }
  try {
    return read();
  } catch {
    const keys = newKeys();
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
  }
}

export async function seedFlowEndpointSecret(endpoint: string, secretName: string, dir: string): Promise<{ publicKeyPath: string }> {
  const kept = keptKeys(dir);
  const keys = { ...kept, appSecret: process.env.FLOW_APP_SECRET || kept.appSecret };
  const client = new SecretsManagerClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateSecretCommand({ Name: secretName, SecretString: JSON.stringify({ privateKey: keys.privateKey, appSecret: keys.appSecret }) }));
  } finally {
    client.destroy();
  }
  const publicKeyPath = join(dir, 'public.pem');
  writeFileSync(publicKeyPath, keys.publicKey);
  writeFileSync(join(dir, 'app-secret'), keys.appSecret);
  return { publicKeyPath };
}
