import { EumError, constraintViolation } from '../../eum-standin/eum-errors';

/** One page of a list operation: `maxResults` 1-100 (EUM's model range) and an opaque `nextToken`. */
export function pageOf<T>(all: T[], maxResultsText: string | number | null | undefined, token: string | null | undefined, fallbackMax = 100): { page: T[]; nextToken?: string } {
  const maxResults = maxResultsText === null || maxResultsText === undefined || maxResultsText === '' ? fallbackMax : Number(maxResultsText);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw constraintViolation('maxResults', maxResultsText, 'Member must have value between 1 and 100');
  }
  const offset = decodeToken(token);
  const page = all.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { page, ...(next < all.length ? { nextToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') } : {}) };
}

function decodeToken(token: string | null | undefined): number {
  if (token === null || token === undefined || token === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new EumError('InvalidParametersException', 'The nextToken is not valid');
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

/** Request members checked against the SDK model; a breach is EUM's ValidationException in AWS's wording. */
export function parseMembers<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `Value at '${i.path.map(String).join('.') || 'body'}' failed to satisfy constraint: ${i.message}`);
  throw new EumError('ValidationException', `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
}
