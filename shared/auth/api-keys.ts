import { createHash, randomBytes } from 'node:crypto';
import { getApiKey, listApiKeys, markApiKeyRevoked, putApiKey, type ApiKeyRecord } from '../table/api-keys';
import { keys } from '../table/keys';
import { nowIso } from '../time';

export { listApiKeys, type ApiKeyRecord } from '../table/api-keys';

/**
 * API keys are stored only as SHA-256 hashes (keys are 256 random bits, so a fast hash is enough).
 * The key itself is shown once, when it is created.
 */
const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const idOf = (hash: string) => hash.slice(0, 12);

async function store(key: string, name: string): Promise<ApiKeyRecord> {
  const hash = hashOf(key);
  const record: ApiKeyRecord = { keyId: idOf(hash), name, createdAt: nowIso() };
  await putApiKey(hash, record);
  return record;
}

export async function createApiKey(name: string): Promise<ApiKeyRecord & { apiKey: string }> {
  const apiKey = `wa_${randomBytes(32).toString('base64url')}`;
  return { ...(await store(apiKey, name)), apiKey };
}

/** Registers a key chosen by the operator (the local cloud's LOCAL_API_KEY). Re-registering re-activates it. */
export async function registerApiKey(apiKey: string, name: string): Promise<ApiKeyRecord> {
  if (apiKey.length < 16) throw new Error('An API key must be at least 16 characters');
  return store(apiKey, name);
}

export async function findActiveKey(apiKey: string): Promise<ApiKeyRecord | undefined> {
  const found = await getApiKey(hashOf(apiKey));
  if (!found || found.revokedAt) return undefined;
  return found;
}

/** Revokes by key id (as listed) or by the key itself. Returns false when nothing matched. */
export async function revokeApiKey(keyIdOrKey: string): Promise<boolean> {
  const pk =
    keyIdOrKey.length > 12
      ? keys.apiKey(hashOf(keyIdOrKey))
      : (await listApiKeys()).find((k) => k.keyId === keyIdOrKey)?.pk;
  if (!pk) return false;
  return markApiKeyRevoked(pk);
}
