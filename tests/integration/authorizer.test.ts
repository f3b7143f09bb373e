import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, registerApiKey, revokeApiKey } from '../../shared/auth/api-keys';
import type { Invoke } from '../helpers/events';
import { getItem } from './helpers/table';

let authorize: Invoke;
beforeAll(async () => {
  authorize = (await import('../../functions/authorizer/handler')).handler as unknown as Invoke;
});

const request = (authorization?: string) => ({
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api/$default/POST/config/ping',
  headers: authorization ? { authorization } : {},
  identitySource: authorization ? [authorization] : [],
});

describe('API keys and the authorizer', () => {
  it('authorizes a created key and stores only its hash', async () => {
    const key = await createApiKey('integration');
    expect(key.apiKey).toMatch(/^wa_/);
    expect(await authorize(request(`Bearer ${key.apiKey}`))).toEqual({
      isAuthorized: true,
      context: { keyId: key.keyId, keyName: 'integration' },
    });
    const listed = await listApiKeys();
    const stored = listed.find((k) => k.keyId === key.keyId)!;
    expect(JSON.stringify(await getItem(stored.pk))).not.toContain(key.apiKey);
  });

  it('denies a missing, malformed or unknown key', async () => {
    expect(await authorize(request())).toEqual({ isAuthorized: false });
    expect(await authorize(request('Basic abc'))).toEqual({ isAuthorized: false });
    expect(await authorize(request('Bearer wa_unknown_key_value_1234567890'))).toEqual({ isAuthorized: false });
  });

  it('denies a revoked key, by id or by the key itself', async () => {
    const a = await createApiKey('to revoke by id');
    expect(await revokeApiKey(a.keyId)).toBe(true);
    expect(await authorize(request(`Bearer ${a.apiKey}`))).toEqual({ isAuthorized: false });
    const b = await registerApiKey('chosen-key-for-the-local-cloud', 'local');
    expect(b.keyId).toHaveLength(12);
    expect((await authorize(request('Bearer chosen-key-for-the-local-cloud'))).isAuthorized).toBe(true);
    expect(await revokeApiKey('chosen-key-for-the-local-cloud')).toBe(true);
    expect((await authorize(request('Bearer chosen-key-for-the-local-cloud'))).isAuthorized).toBe(false);
    expect(await revokeApiKey('nosuchkeyid0')).toBe(false);
  });
});
