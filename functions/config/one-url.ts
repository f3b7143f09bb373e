import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import type { Category } from '../../shared/actions/registry';
import { lambdaClient } from '../../shared/aws/clients';
import { getConfig } from '../../shared/config';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors';
import type { ResponseObject } from '../../shared/http/respond';
import { manifest } from './help';

/**
 * The seed took every action at one URL with `{"action": ...}` in the body. `POST /` keeps that working for old
 * clients: the request (already authorized by the route's authorizer) is forwarded to the action's category
 * function as the seed's direct-invocation event, and its response object comes back unchanged. Each category keeps
 * its own role; this function may only invoke the stack's functions. New clients use `POST /<category>/<action>`.
 */
const functionKey = (category: Category) => category.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** From the action manifest, so this function does not bundle every category's code. */
async function categoryOf(action: string): Promise<Category> {
  const found = manifest.actions.find((a) => a.action === action);
  if (found) return found.category;
  const route = manifest.routes?.find((r) => r.action === action);
  if (route) {
    throw new ValidationError([{ field: 'action', reason: `${action} is not an API action: ${route.method} ${route.path} is called by WhatsApp itself (${route.authentication})` }]);
  }
  const names = manifest.actions.map((a) => a.action).sort();
  throw new NotFoundError(`Unknown action '${action}'. POST /config/list_actions lists them; valid actions: ${names.join(', ')}`, { validActions: names });
}

export function oneUrlEntry(runHere: (event: Record<string, unknown>, context: Context) => Promise<unknown>) {
  return async (body: Record<string, unknown>, context: Context): Promise<ResponseObject> => {
    const action = body.action;
    if (typeof action !== 'string' || action === '') {
      throw new ValidationError([{ field: 'action', reason: 'required: the name of the action to run (or use POST /<category>/<action>)' }]);
    }
    const category = await categoryOf(action);
    // This function's own actions need no hop.
    if (category === 'config') return (await runHere(body, context)) as ResponseObject;
    const prefix = getConfig().FUNCTION_NAME_PREFIX;
    if (!prefix) throw new AppError('POST / cannot forward: FUNCTION_NAME_PREFIX is not set for this function', 500);
    const out = await lambdaClient().send(
      new InvokeCommand({ FunctionName: `${prefix}${functionKey(category)}`, Payload: new TextEncoder().encode(JSON.stringify(body)) }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) {
      throw new AppError(`The ${category} function failed on '${action}' (${out.FunctionError})`, 502, { retryable: true, category });
    }
    const response = JSON.parse(text) as ResponseObject;
    return { ...response, forwardedTo: category };
  };
}
