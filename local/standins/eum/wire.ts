import { constraintViolation, decodeNextToken, encodeNextToken, EumError } from './protocol';

/** One page of a list operation: `maxResults` 1-100 (EUM's model range) and an opaque `nextToken`. */
export function pageOf<T>(all: T[], maxResultsText: string | number | null | undefined, token: string | null | undefined, fallbackMax = 100): { page: T[]; nextToken?: string } {
  const maxResults = maxResultsText === null || maxResultsText === undefined || maxResultsText === '' ? fallbackMax : Number(maxResultsText);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw constraintViolation('maxResults', maxResultsText, 'Member must have value between 1 and 100');
  }
  const offset = decodeNextToken(token ?? null);
  const page = all.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { page, ...(next < all.length ? { nextToken: encodeNextToken(next) } : {}) };
}

/** EUM's blob members arrive base64-encoded in the JSON body; a JSON document is expected inside. */
export function decodeJsonBlob(member: string, value: unknown): unknown {
  if (typeof value !== 'string' || value === '') throw constraintViolation(member, null, 'Member must not be null');
  const text = Buffer.from(value, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new EumError('ValidationException', `${member} is not valid JSON`);
  }
}
