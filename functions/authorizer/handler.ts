import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import { configure } from '../../shared/config';
import { needs } from './needs';
import { findActiveKey } from '../../shared/auth/api-keys';
import { observability } from '../../shared/observability/middleware';
import { logger, metrics, MetricUnit } from '../../shared/observability/powertools';

configure(needs);

function decide(allowed: boolean, keyId: string | undefined, reason: string) {
  metrics.addMetric(allowed ? 'Authorized' : 'Denied', MetricUnit.Count, 1);
  // The key id only: the key itself never reaches a log line.
  logger.info(allowed ? 'request authorized' : 'request denied', { ...(keyId ? { apiKeyId: keyId } : {}), reason });
}

/**
 * HTTP API Lambda authorizer (payload 2.0, simple responses). API Gateway itself answers 401 when the Authorization
 * header is missing; a key we do not know, or a revoked one, is denied (403 on AWS and under serverless-offline).
 */
async function authorize(event: APIGatewayRequestAuthorizerEventV2) {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? event.identitySource?.[0] ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) {
    decide(false, undefined, 'no Bearer credential');
    return { isAuthorized: false };
  }
  const key = await findActiveKey(match[1]!);
  if (!key) {
    decide(false, undefined, 'unknown or revoked key');
    return { isAuthorized: false };
  }
  decide(true, key.keyId, 'active key');
  return { isAuthorized: true, context: { keyId: key.keyId, keyName: key.name } };
}

const wrapped = middy(authorize).use(observability());
/** Lambda always passes a context; scripts and the bench may not. */
export const handler = (event: APIGatewayRequestAuthorizerEventV2, context?: Context) => wrapped(event, context ?? ({} as Context));
