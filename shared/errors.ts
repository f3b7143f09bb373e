/**
 * The few error types every action may throw. One place (shared/http/respond.ts) maps them to responses,
 * so handlers never build error responses by hand.
 */
export interface FieldProblem {
  field: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    /** Extra response fields (besides statusCode and error) a caller can act on. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(readonly problems: FieldProblem[], message?: string) {
    super(
      message ?? `Invalid request: ${problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; ')}`,
      400,
      { fields: problems },
    );
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 404, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 409, details);
  }
}

/**
 * A call to EUM Social or Meta failed after the SDK's own retries. `retryable` tells the caller whether
 * trying again later can help (throttling, transient faults) or not (validation, permissions).
 */
export class UpstreamError extends AppError {
  constructor(
    message: string,
    statusCode: number,
    readonly retryable: boolean,
    details: Record<string, unknown> = {},
  ) {
    super(message, statusCode, { retryable, ...details });
  }
}
