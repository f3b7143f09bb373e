import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../aws/clients';
import { getConfig } from '../config';
import { AppError, UpstreamError } from '../errors';
import { nowIso } from '../time';

/**
 * Graph API tokens, one per WABA, kept in AWS Secrets Manager (never in the table, never in a log line).
 * A secret holds either the bare token or `{"accessToken", "appId"?}`; the app id is what Graph's resumable upload
 * needs (upload_profile_picture). Reads are cached per process for GRAPH_TOKEN_CACHE_SECONDS, so a rotated token is
 * picked up without a deploy, and forgotten at once when Graph rejects it.
 */
export interface GraphCredentials {
  accessToken: string;
  appId?: string;
}

/** `<SECRET_NAME_PREFIX>graph-token/<wabaId>` (IAM grants `graph-token/*` to the Graph functions: shared/needs.ts). */
export const graphTokenSecretName = (wabaId: string): string => `${getConfig().SECRET_NAME_PREFIX ?? ''}graph-token/${wabaId}`;

/** A WABA has no token: say exactly which secret to create, and how. */
export class GraphTokenMissingError extends AppError {
  constructor(wabaId: string) {
    const secretName = graphTokenSecretName(wabaId);
    super(
      `No Graph API token for WABA ${wabaId}: this action goes through Meta's Graph API with the business's system-user token. ` +
        `Store one with POST /config/set_graph_token {"metaWabaId": "${wabaId}", "token": "…"}, or create the Secrets Manager secret '${secretName}' holding the token.`,
      404,
      { wabaId, secretName, fix: 'set_graph_token' },
    );
  }
}

const cache = new Map<string, { credentials: GraphCredentials; until: number }>();

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

function secretsFailure(err: unknown, operation: string, secretName: string): never {
  const name = (err as Error)?.name ?? 'Error';
  const retryable = ['ThrottlingException', 'InternalServiceError', 'TimeoutError'].includes(name);
  throw new UpstreamError(`Secrets Manager ${operation} of '${secretName}' failed: ${name}`, 502, retryable, {
    upstream: 'secrets-manager',
    upstreamError: name,
  });
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

/** Graph said the token is invalid or expired: the next request reads the secret again (it may have been replaced). */
export function forgetGraphCredentials(wabaId?: string): void {
  if (wabaId === undefined) cache.clear();
  else cache.delete(wabaId);
}

/** Writes a WABA's token: a new version of its secret, or the secret itself the first time. */
export async function storeGraphCredentials(
  wabaId: string,
  credentials: GraphCredentials,
  client: SecretsManagerClient = secretsManager(),
): Promise<{ secretName: string; created: boolean; versionId?: string }> {
  const secretName = graphTokenSecretName(wabaId);
  const SecretString = JSON.stringify({ ...credentials, wabaId, storedAt: nowIso() });
  try {
    const out = await client.send(new PutSecretValueCommand({ SecretId: secretName, SecretString }));
    forgetGraphCredentials(wabaId);
    return { secretName, created: false, versionId: out.VersionId };
  } catch (err) {
    if ((err as Error)?.name !== 'ResourceNotFoundException') secretsFailure(err, 'PutSecretValue', secretName);
  }
  try {
    const out = await client.send(
      new CreateSecretCommand({ Name: secretName, SecretString, Description: `Meta Graph API token for WhatsApp Business Account ${wabaId}` }),
    );
    forgetGraphCredentials(wabaId);
    return { secretName, created: true, versionId: out.VersionId };
  } catch (err) {
    return secretsFailure(err, 'CreateSecret', secretName);
  }
}
