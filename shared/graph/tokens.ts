import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../aws/clients';
import { getConfig } from '../config';
import { cache } from './token-cache';
import { GraphTokenMissingError, graphTokenSecretName, secretsFailure, type GraphCredentials } from './token-names';

export { forgetGraphCredentials } from './token-cache';
export { GraphTokenMissingError, graphTokenSecretName, type GraphCredentials } from './token-names';

/**
 * Graph API tokens, one per WABA, kept in AWS Secrets Manager (never in the table, never in a log line).
 * A secret holds either the bare token or `{"accessToken", "appId"?}`; the app id is what Graph's resumable upload
 * needs (upload_profile_picture). Reads are cached per process for GRAPH_TOKEN_CACHE_SECONDS, so a rotated token is
 * picked up without a deploy, and forgotten at once when Graph rejects it.
 */

function parseSecret(text: string): GraphCredentials | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (!trimmed.startsWith('{')) return { accessToken: trimmed };
  try {
    const o = JSON.parse(trimmed) as { accessToken?: unknown; token?: unknown; appId?: unknown };
    const accessToken = typeof o.accessToken === 'string' ? o.accessToken : typeof o.token === 'string' ? o.token : undefined;
    if (!accessToken) return undefined;
    return { accessToken, ...(typeof o.appId === 'string' && o.appId ? { appId: o.appId } : {}) };
  } catch {
    return undefined;
  }
}

export async function getGraphCredentials(wabaId: string, client: SecretsManagerClient = secretsManager()): Promise<GraphCredentials> {
  const hit = cache.get(wabaId);
  if (hit && hit.until > Date.now()) return hit.credentials;
  const secretName = graphTokenSecretName(wabaId);
  let text: string | undefined;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    text = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
  } catch (err) {
    if ((err as Error)?.name === 'ResourceNotFoundException') throw new GraphTokenMissingError(wabaId);
    secretsFailure(err, 'GetSecretValue', secretName);
  }
  const credentials = text === undefined ? undefined : parseSecret(text);
  if (!credentials) throw new GraphTokenMissingError(wabaId);
  cache.set(wabaId, { credentials, until: Date.now() + getConfig().GRAPH_TOKEN_CACHE_SECONDS * 1000 });
  return credentials;
}


