import { ValidationError } from '../errors';
import { isHttpEvent, type CategoryEvent } from './events';

/**
 * The idempotency key of a sending request: the `idempotencyKey` body field or the `Idempotency-Key` header (what
 * it does: shared/http/send-once.ts). Kept apart from send-once so functions that never send do not load it.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';
const FIELD = IDEMPOTENCY_KEY_FIELD;
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

function headerOf(event: CategoryEvent): string | undefined {
  if (!isHttpEvent(event)) return undefined;
  const entry = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === IDEMPOTENCY_HEADER);
  return entry?.[1];
}

/**
 * Takes the idempotency key out of a request (body field or header; both must agree) and returns the rest of the
 * input for the action's schema. An action that does not send refuses a key rather than ignoring it silently.
 */
export function takeIdempotencyKey(event: CategoryEvent, input: Record<string, unknown>, sends: boolean): { key?: string; input: Record<string, unknown> } {
  const { [FIELD]: fromBody, ...rest } = input;
  const fromHeader = headerOf(event);
  if (fromBody === undefined && fromHeader === undefined) return { input };
  if (!sends) {
    throw new ValidationError([{ field: FIELD, reason: 'only actions that send a message take an idempotency key' }]);
  }
  if (fromBody !== undefined && typeof fromBody !== 'string') throw new ValidationError([{ field: FIELD, reason: 'must be a string' }]);
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    throw new ValidationError([{ field: FIELD, reason: 'the body field and the Idempotency-Key header differ; give one, or the same value in both' }]);
  }
  const key = (fromBody ?? fromHeader)!;
  if (!KEY_PATTERN.test(key) || key.trim() === '') {
    throw new ValidationError([{ field: FIELD, reason: '1 to 255 printable ASCII characters (a UUID is a good choice)' }]);
  }
  return { key, input: rest };
}

