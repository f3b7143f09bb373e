/**
 * The few error types every action may throw. One place (shared/http/respond.ts) maps them to responses,
 * so handlers never build error responses by hand.
 *
 * Every class takes the standard `{ cause }` last, so the failure underneath survives for the log line while the
 * message stays ours: a status of 500 or more is shown to the caller as written here, so its message must never
 * embed another error's text (AWS messages can carry ARNs and table names). Pass that error as `cause` instead.
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
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(readonly problems: FieldProblem[], message?: string, options?: ErrorOptions) {
    super(
      message ?? `Invalid request: ${problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; ')}`,
      400,
      { fields: problems },
      options,
    );
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, 404, details, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, 409, details, options);
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
    options?: ErrorOptions,
  ) {
    super(message, statusCode, { retryable, ...details }, options);
  }
}

/** A record that can never succeed as it is (bad JSON, wrong shape): replaying it unchanged will not help. */
export class PoisonRecordError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoisonRecordError';
  }
}
