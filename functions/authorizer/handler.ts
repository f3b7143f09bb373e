import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { configure } from '../../shared/config';
import { needs } from './needs';
import { findActiveKey } from '../../shared/auth/api-keys';

configure(needs);

/**
 * HTTP API Lambda authorizer (payload 2.0, simple responses). API Gateway itself answers 401 when the Authorization
 * header is missing; a key we do not know, or a revoked one, is denied (403 on AWS and under serverless-offline).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2) => {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? event.identitySource?.[0] ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) return { isAuthorized: false };
  const key = await findActiveKey(match[1]!);
  if (!key) return { isAuthorized: false };
  return { isAuthorized: true, context: { keyId: key.keyId, keyName: key.name } };
};
