import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A category function is invoked over API Gateway (HTTP API, payload 2.0) or directly with `{action, ...}`. */
export type DirectEvent = { action?: unknown } & Record<string, unknown>;
export type CategoryEvent = APIGatewayProxyEventV2 | DirectEvent;

export function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  const e = event as Partial<APIGatewayProxyEventV2> | null;
  return !!e && typeof e === 'object' && typeof e.requestContext === 'object' && !!e.requestContext?.http;
}

/** The action an HTTP request names: the `{action}` path parameter, else the last path segment. */
export function actionFromHttp(event: APIGatewayProxyEventV2): string {
  const fromParam = event.pathParameters?.action;
  if (fromParam) return fromParam;
  const segments = (event.rawPath ?? '').split('/').filter(Boolean);
  return segments[segments.length - 1] ?? '';
}
