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
