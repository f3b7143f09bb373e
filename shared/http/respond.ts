import { AppError, ValidationError } from '../errors';
import * as z from '../zod';

/** The seed's response object: `{statusCode, operation, ...}` on success, `{statusCode, error, ...}` on failure. */
export type ResponseObject = { statusCode: number } & Record<string, unknown>;

/** The response header that carries the correlation id of every HTTP answer (the body carries it on a 5xx). */
export const CORRELATION_HEADER = 'x-correlation-id';

export function zodProblems(error: z.ZodError) {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    reason: issue.message,
  }));
}

/** The 500 for anything we did not expect: nothing of the failure itself, only the id to quote. */
export function internalErrorMessage(correlationId: string): string {
  return `Internal error: the request failed on our side. Quote correlation id ${correlationId} when reporting it.`;
}

/**
 * Maps anything thrown by an action to the response object. Below 500 the typed error is shown as written (field
 * problems, valid choices…). A 5xx carries our own message (an AppError's, written without any other error's text)
 * or a generic one, plus the correlation id that the failure's log line also carries.
 */
export function errorResponse(err: unknown, correlationId: string): ResponseObject {
  if (err instanceof z.ZodError) err = new ValidationError(zodProblems(err));
  if (err instanceof AppError) {
    const body: ResponseObject = { statusCode: err.statusCode, error: err.message, ...err.details };
    return err.statusCode >= 500 ? { ...body, correlationId } : body;
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
  if (isAwsTimeout(err)) {
    // The AWS clients' own time limit (shared/aws/timeouts.ts) ended the call, well before Lambda's.
    return { statusCode: 504, error: `A service this action depends on did not answer in time. Quote correlation id ${correlationId} when reporting it.`, correlationId };
  }
  return { statusCode: 500, error: internalErrorMessage(correlationId), correlationId };
}

/** An SDK request ended by its HTTP handler's timeout, possibly wrapped (`cause`) by our own error. */
function isAwsTimeout(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'TimeoutError') return true;
  }
  return false;
}

export function toHttpResponse(obj: ResponseObject, correlationId: string) {
  return {
    statusCode: obj.statusCode,
    headers: {
      'content-type': 'application/json',
      [CORRELATION_HEADER]: correlationId,
      // An answer that says when to retry (seconds) says it in HTTP's own words too.
      ...(typeof obj.retryAfter === 'number' ? { 'retry-after': String(obj.retryAfter) } : {}),
    },
    body: JSON.stringify(obj),
  };
}
