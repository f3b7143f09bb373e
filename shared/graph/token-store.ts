import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../aws/clients';
import { nowIso } from '../time';
import { forgetGraphCredentials } from './token-cache';
import { graphTokenSecretName, secretsFailure, type GraphCredentials } from './token-names';

/**
 * Storing a WABA's Graph token (set_graph_token). Apart from tokens.ts so the function that stores tokens holds no
 * code that reads one (its role cannot: shared/needs.ts graphTokenWriter).
 */
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
