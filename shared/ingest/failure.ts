import { PoisonRecordError } from './context';

/**
 * Whether a failed record can never succeed as it is. Only those go straight to the dead letters: anything else
 * (throttling after the SDK's retries, transaction conflicts, network errors, an S3 hiccup) fails the invocation
 * so that Lambda retries it, ingest being idempotent.
 */
export function isPoison(err: unknown): boolean {
  if (err instanceof PoisonRecordError) return true;
  const e = err as { name?: string; message?: string } | undefined;
  // DynamoDB refuses an item that cannot be stored however often it is tried: over 400 KB or nested too deep.
  return e?.name === 'ValidationException' && /item size|nesting levels|maximum allowed size/i.test(e.message ?? '');
}

/** Thrown by ingest when some record failed transiently: Lambda retries the event (and then uses its on-failure destination). */
export class TransientIngestError extends Error {
  constructor(readonly snsMessageIds: string[], options?: ErrorOptions) {
    super(`${snsMessageIds.length} record(s) failed on a transient fault; the event is retried`, options);
    this.name = 'TransientIngestError';
  }
}
