import { getConfig } from '../config';
import { AppError, UpstreamError } from '../errors';

/** Names of the Graph token secrets and the errors about them (no SDK here: readers and writers share it). */
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


export function secretsFailure(err: unknown, operation: string, secretName: string): never {
  const name = (err as Error)?.name ?? 'Error';
  const retryable = ['ThrottlingException', 'InternalServiceError', 'TimeoutError'].includes(name);
  throw new UpstreamError(`Secrets Manager ${operation} of '${secretName}' failed: ${name}`, 502, retryable, {
    upstream: 'secrets-manager',
    upstreamError: name,
  });
}

