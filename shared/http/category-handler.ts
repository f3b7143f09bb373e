import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { AnyAction, Category } from '../actions/registry';
import { NotFoundError, ValidationError } from '../errors';
import { actionFromHttp, isHttpEvent, type CategoryEvent } from './events';
import { errorResponse, toHttpResponse, zodProblems, type ResponseObject } from './respond';

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

/** Turns the response object (or any thrown error) into what the caller expects: the object, or an HTTP response. */
export function seedResponse(): middy.MiddlewareObj<CategoryEvent, unknown> {
  const finish = (request: middy.Request<CategoryEvent, unknown>, obj: ResponseObject) => {
    request.response = isHttpEvent(request.event) ? toHttpResponse(obj) : obj;
  };
  return {
    after: async (request) => finish(request, request.response as ResponseObject),
    onError: async (request) => finish(request, errorResponse(request.error)),
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
}

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

/** The Lambda entry of one category: dispatches to its registered actions and answers in the seed's format. */
export function createCategoryHandler(category: Category, actions: readonly AnyAction[], opts: CategoryHandlerOptions = {}) {
  const byName = new Map(actions.map((a) => [a.name, a]));
  const valid = [...byName.keys()].sort();

  const dispatch = async (event: CategoryEvent, context: Context): Promise<ResponseObject> => {
    if (isHttpEvent(event)) await assertRouteBelongsHere(event, category, opts);
    const { action, input } = requestOf(event);
    const def = byName.get(action);
    if (!def) {
      throw new NotFoundError(`Unknown action '${action}' in category '${category}'. Valid actions: ${valid.join(', ')}`, {
        validActions: valid,
      });
    }
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) throw new ValidationError(zodProblems(parsed.error));
    const result = await def.handler(parsed.data, { requestId: context?.awsRequestId ?? 'local' });
    return { statusCode: 200, operation: action, ...result };
  };

  return middy<CategoryEvent, unknown>(dispatch).use(seedResponse()).use(httpOrDirectBody());
}
