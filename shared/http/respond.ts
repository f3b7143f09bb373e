import { AppError, ValidationError } from '../errors';
import * as z from 'zod';

/** The seed's response object: `{statusCode, operation, ...}` on success, `{statusCode, error, ...}` on failure. */
export type ResponseObject = { statusCode: number } & Record<string, unknown>;

export function zodProblems(error: z.ZodError) {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    reason: issue.message,
  }));
}

/** Maps anything thrown by an action to the response object. Unknown errors become a 500 without internals. */
export function errorResponse(err: unknown, log: (msg: string, err: unknown) => void = defaultLog): ResponseObject {
  if (err instanceof z.ZodError) err = new ValidationError(zodProblems(err));
  if (err instanceof AppError) {
    return { statusCode: err.statusCode, error: err.message, ...err.details };
  }
  const middyStatus = (err as { statusCode?: number; expose?: boolean })?.statusCode;
  if (middyStatus === 422 || middyStatus === 415) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return {
      statusCode: 400,
      error: `Malformed JSON body${cause?.message ? `: ${cause.message}` : ''}`,
      fields: [{ field: 'body', reason: 'must be a JSON object' }],
    };
  }
  log('Unhandled error', err);
  return { statusCode: 500, error: 'Internal error; see the function logs for the request id' };
}

function defaultLog(msg: string, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', msg, error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }));
}

export function toHttpResponse(obj: ResponseObject) {
  return {
    statusCode: obj.statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(obj),
  };
}
