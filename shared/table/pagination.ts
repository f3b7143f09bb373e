import * as z from 'zod';
import { ValidationError } from '../errors';

/** Opaque cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor returned by this API' }]);
}

export const pageInput = {
  limit: z.number().int().min(1).max(100).default(25).describe('Items per page (1-100, default 25)'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
};
