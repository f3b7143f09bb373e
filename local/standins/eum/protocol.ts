import type * as z from 'zod';
import type { LinkedAccount, WirePhoneNumber, WireWabaSummary } from './demo-account';

/**
 * EUM Social's modelled exceptions and the HTTP status each is declared with in the SDK schema
 * (node_modules/@aws-sdk/client-socialmessaging/dist-cjs/schemas/schemas_0.js). The SDK picks the error class from
 * the `x-amzn-errortype` header, and decides retries from the status + class, so both must match AWS.
 */
export const EUM_ERROR_STATUS = {
  ValidationException: 400,
  InvalidParametersException: 400,
  LimitExceededException: 400,
  AccessDeniedException: 403,
  AccessDeniedByMetaException: 403,
  ResourceNotFoundException: 404,
  ThrottledRequestException: 429,
  InternalServiceException: 500,
  DependencyException: 502,
} as const;

export type EumErrorName = keyof typeof EUM_ERROR_STATUS;

export const EUM_ERROR_NAMES = Object.keys(EUM_ERROR_STATUS) as EumErrorName[];

export const isEumErrorName = (name: string): name is EumErrorName => Object.hasOwn(EUM_ERROR_STATUS, name);

/** An error the stand-in answers with, exactly as EUM would: status, x-amzn-errortype and {"message"}. */
export class EumError extends Error {
  override readonly name: string;
  readonly status: number;

  constructor(type: EumErrorName | 'UnknownOperationException', message: string, status?: number) {
    super(message);
    this.name = type;
    this.status = status ?? (type === 'UnknownOperationException' ? 404 : EUM_ERROR_STATUS[type]);
  }
}

/** AWS's wording for a request member that breaks a model constraint. */
export function constraintViolation(member: string, value: unknown, constraint: string): EumError {
  return new EumError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Request members: AWS's wording for a body or query that breaks the model

/** Validates a JSON body against the operation's members; problems read as AWS's ValidationException. */
export function parseMembers<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const member = issue.path.join('.') || 'body';
    const constraint = issue.code === 'invalid_type' && issue.message.includes('undefined') ? 'Member must not be null' : issue.message;
    return `Value at '${member}' failed to satisfy constraint: ${constraint}`;
  });
  throw new EumError('ValidationException', `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
}

export function requireQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw constraintViolation(name, null, 'Member must not be null');
  return value;
}

export function matchPattern(member: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) throw constraintViolation(member, value, `Member must satisfy regular expression pattern: ${pattern.source}`);
}

const PHONE_ID_PATTERN = /(^phone-number-id-.*$)|(^arn:.*:phone-number-id\/[0-9a-zA-Z]+$)/;
const WABA_ID_PATTERN = /(^waba-.*$)|(^arn:.*:waba\/[0-9a-zA-Z]+$)/;

/** The linked phone number an id or ARN names, or the exception EUM answers. */
export function findPhone(account: LinkedAccount, member: string, id: string): WirePhoneNumber {
  matchPattern(member, id, PHONE_ID_PATTERN);
  const phone = account.phones.find((p) => p.phoneNumberId === id || p.arn === id);
  if (!phone) throw new EumError('ResourceNotFoundException', `Phone number ${id} is not linked to account ${account.awsAccountId}`);
  return phone;
}

export function findWaba(account: LinkedAccount, id: string): WireWabaSummary {
  matchPattern('id', id, WABA_ID_PATTERN);
  if (id !== account.waba.id && id !== account.waba.arn) {
    throw new EumError('ResourceNotFoundException', `WhatsApp Business Account ${id} is not linked to account ${account.awsAccountId}`);
  }
  return account.waba;
}

/** Pagination tokens are opaque to callers; here they are the base64 of the next offset. */
export function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

export function decodeNextToken(token: string | null): number {
  if (token === null || token === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new EumError('InvalidParametersException', 'The nextToken is not valid');
}
