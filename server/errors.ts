/**
 * Errors the API answers with. Each carries an HTTP status, a stable code, and the i18n key (in the
 * `errors` namespace) of the message; the central error handler translates it to the caller's language.
 */

/** A problem with one field of a request; `messageKey` is an `errors:` key, `params` fill it in. */
export interface FieldProblem {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

/** Base of every error that is the caller's to fix (4xx) or a known refusal. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** Missing or not yours: the two must look the same so ids leak nothing. */
export class NotFound extends AppError {
  constructor() {
    super(404, 'not_found');
  }
}

/** No session, or a session without a user, where one is required. */
export class Unauthenticated extends AppError {
  constructor() {
    super(401, 'unauthenticated');
  }
}

/** A request body or query that fails its schema; nothing was changed. */
export class ValidationFailed extends AppError {
  constructor(fields: FieldProblem[]) {
    super(400, 'validation_failed', {}, fields);
  }
}

/** A lifecycle move the state machine does not allow from the case's current status. */
export class InvalidTransition extends AppError {
  constructor(status: string, code = 'invalid_transition') {
    super(409, code, { status });
  }
}

/**
 * A rate limit was hit. The message says how long to wait in seconds under a minute, else in minutes,
 * with the plural forms of the reader's language (i18next `count` and `context`).
 */
export class TooManyAttempts extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'too_many_attempts', seconds < 60 ? { count: seconds, context: 'seconds' } : { count: Math.ceil(seconds / 60), context: 'minutes' });
    this.retryAfterSeconds = seconds;
  }
}

/**
 * Something the answer needs is away for a moment — the database (a failover, a restart) or this
 * server, which is shutting down — so the caller should retry soon: 503 with `Retry-After`. Nothing
 * was changed, or (when a connection died at COMMIT) a retry with the same idempotency key answers
 * what was done.
 */
export class ServiceUnavailable extends AppError {
  constructor(
    code: 'database_unavailable' | 'shutting_down',
    readonly retryAfterSeconds: number,
  ) {
    super(503, code);
  }
}
