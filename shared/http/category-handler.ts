import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadedCategoryActions, type CategoryActions } from '../actions/category';
import type { AnyAction, Category } from '../actions/registry';
import { NotFoundError, ValidationError } from '../errors';
import { correlationIdOf, observability } from '../observability/middleware';
import { logger } from '../observability/powertools';
import { appendRequestKeys, businessIdsOf, recordActionOutcome, startTimer } from '../observability/request-log';
import { actionFromHttp, isHttpEvent, type CategoryEvent, type DirectEvent } from './events';
import { errorResponse, toHttpResponse, zodProblems, type ResponseObject } from './respond';
import { takeIdempotencyKey } from './idempotency-key';
import type { SendOnce } from './send-once';

/**
 * Parses JSON bodies of HTTP events only; a direct invocation already is the object.
 * Content type is not enforced: this is a JSON-only API and `curl -d` defaults to form encoding.
 */
export function httpOrDirectBody(): middy.MiddlewareObj<CategoryEvent> {
  const parser = httpJsonBodyParser({ disableContentTypeCheck: true });
  return {
    before: async (request) => {
      const event = request.event;
      if (!isHttpEvent(event)) return;
      if (event.body === undefined || event.body === null || event.body === '') {
        // serverless offline hands a JSON `null` body over as null: only a request that sent nothing means {}.
        if (Number(event.headers?.['content-length'] ?? 0) > 0) throw new ValidationError([{ field: 'body', reason: 'must be a JSON object' }]);
        (event as { body: unknown }).body = {};
        return;
      }
      await parser.before!(request as never);
    },
  };
}

/** The action a request names, as a metric dimension: one this function knows, else `unknown` (bounded). */
function knownActionOf(event: CategoryEvent, known: ReadonlySet<string>): string {
  const name = isHttpEvent(event) ? actionFromHttp(event) : (event as DirectEvent).action;
  return typeof name === 'string' && known.has(name) ? name : 'unknown';
}

/** The authorizer's context on HTTP requests: which API key called (its id; the key itself is never seen here). */
function apiKeyIdOf(event: CategoryEvent): string | undefined {
  if (!isHttpEvent(event)) return undefined;
  const authorizer = (event.requestContext as { authorizer?: { lambda?: { keyId?: unknown } } }).authorizer;
  const keyId = authorizer?.lambda?.keyId;
  return typeof keyId === 'string' ? keyId : undefined;
}

/**
 * Turns the response object (or any thrown error) into what the caller expects: the object, or an HTTP response
 * with the correlation id in its `x-correlation-id` header. Logs one line and records the action's metrics.
 */
export function seedResponse(known: ReadonlySet<string> = new Set()): middy.MiddlewareObj<CategoryEvent, unknown> {
  const finish = (request: middy.Request<CategoryEvent, unknown>, obj: ResponseObject, error?: unknown) => {
    recordActionOutcome(request, { action: knownActionOf(request.event, known), statusCode: obj.statusCode, error });
    appendRequestKeys(businessIdsOf(obj));
    request.response = isHttpEvent(request.event) ? toHttpResponse(obj, correlationIdOf(request)) : obj;
  };
  return {
    before: async (request) => {
      startTimer(request);
      appendRequestKeys({ action: knownActionOf(request.event, known), apiKeyId: apiKeyIdOf(request.event) });
    },
    after: async (request) => finish(request, request.response as ResponseObject),
    onError: async (request) => finish(request, errorResponse(request.error, correlationIdOf(request)), request.error),
  };
}

function requestOf(event: CategoryEvent): { action: string; input: unknown } {
  if (isHttpEvent(event)) {
    const body = (event as { body: unknown }).body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ValidationError([{ field: 'body', reason: 'must be a JSON object' }]);
    }
    const { action: _ignored, ...input } = body as Record<string, unknown>;
    return { action: actionFromHttp(event), input };
  }
  const { action, ...input } = event;
  if (typeof action !== 'string' || action === '') {
    throw new ValidationError([{ field: 'action', reason: 'required: the name of the action to run' }]);
  }
  return { action, input };
}

export interface CategoryHandlerOptions {
  /** Every route of the API, for the 404 of a request no route matched (the config function answers those). */
  allPaths?: () => Promise<string[]>;
  /**
   * `POST /` with `{"action": ...}`: the seed's one URL for every action (the config function answers it and
   * forwards to the action's category). Gets the body as the seed's direct-invocation event.
   */
  oneUrl?: (event: Record<string, unknown>, context: Context) => Promise<ResponseObject>;
  /**
   * Imports shared/http/send-once.ts, required when the category has sending actions (`sends: true`). Passed in,
   * not imported here, so functions that never send do not bundle the idempotency machinery, and imported on the
   * first send, so a cold start that sends nothing does not load it (nor the DynamoDB client it loads).
   */
  sendOnce?: () => Promise<{ sendOnce: (s: SendOnce) => Promise<ResponseObject> }>;
}

const isOneUrlRequest = (event: APIGatewayProxyEventV2) =>
  (event.rawPath ?? '/').replace(/\/+$/, '') === '' && event.requestContext.http.method === 'POST';

/** The config function also answers unmatched routes; those get a 404 that names the real ones. */
async function assertRouteBelongsHere(event: APIGatewayProxyEventV2, category: Category, opts: CategoryHandlerOptions) {
  const [first] = (event.rawPath ?? '').split('/').filter(Boolean);
  const method = event.requestContext.http.method;
  if (first === category && method === 'POST') return;
  const paths = (await opts.allPaths?.()) ?? [];
  throw new NotFoundError(
    `No route ${method} ${event.rawPath}. Every action is POST /<category>/<action>; POST /config/list_actions lists them.${paths.length ? ` Valid: ${paths.join(', ')}` : ''}`,
    { validPaths: paths },
  );
}

/**
 * The Lambda entry of one category: dispatches to its registered actions and answers in the seed's format. Only the
 * called action's module is loaded (on its first call), so module scope holds names, not schemas.
 */
export function createCategoryHandler(category: Category, list: CategoryActions | readonly AnyAction[], opts: CategoryHandlerOptions = {}) {
  const actions = 'load' in list ? list : loadedCategoryActions(category, list);
  const valid = [...actions.names].sort();
  const known = new Set(actions.names);

  const dispatch = async (event: CategoryEvent, context: Context): Promise<ResponseObject> => {
    if (isHttpEvent(event) && opts.oneUrl && isOneUrlRequest(event)) {
      const body = (event as { body: unknown }).body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ValidationError([{ field: 'body', reason: 'must be a JSON object with the action name in "action"' }]);
      }
      // The Idempotency-Key header travels in the forwarded body; the target category decides whether it applies.
      const { key, input } = takeIdempotencyKey(event, body as Record<string, unknown>, true);
      return opts.oneUrl(key === undefined ? input : { ...input, idempotencyKey: key }, context);
    }
    if (isHttpEvent(event)) await assertRouteBelongsHere(event, category, opts);
    const { action, input } = requestOf(event);
    if (!actions.has(action)) {
      throw new NotFoundError(`Unknown action '${action}' in category '${category}'. Valid actions: ${valid.join(', ')}`, {
        validActions: valid,
      });
    }
    const def = await actions.load(action);
    const { key, input: rest } = takeIdempotencyKey(event, (input ?? {}) as Record<string, unknown>, Boolean(def.sends));
    const parsed = def.input.safeParse(rest);
    if (!parsed.success) throw new ValidationError(zodProblems(parsed.error));
    appendRequestKeys(businessIdsOf(parsed.data));
    logger.debug('action input', { input: parsed.data });
    const run = async (): Promise<ResponseObject> => {
      const result = await def.handler(parsed.data, { requestId: context?.awsRequestId ?? 'local' });
      return { statusCode: 200, operation: action, ...result };
    };
    if (!def.sends) return run();
    if (!opts.sendOnce) throw new Error(`${category}: ${action} sends messages; pass sendOnce to createCategoryHandler`);
    const { sendOnce } = await opts.sendOnce();
    return sendOnce({ event, context, key, request: { action, input: parsed.data }, run });
  };

  return middy<CategoryEvent, unknown>(dispatch)
    .use(observability())
    .use(seedResponse(known))
    .use(httpOrDirectBody());
}
