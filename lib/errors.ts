// One error type for the whole app. Use cases throw AppError with a code; adapters (route
// handlers, server actions, socket events) map the code to an HTTP status or an action result
// in one place (server/http/errors.ts). Safe to import on the client: it carries no secrets.

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  INVALID_CODE: 400,
  EMAIL_NOT_VERIFIED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  SEATS_UNAVAILABLE: 409,
  HOLD_EXPIRED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  EMAIL_TAKEN: 409,
  SHOWTIME_OVERLAP: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  SEAT_RULE_VIOLATION: 422,
  UNKNOWN_SEAT: 422,
  HOLD_NOT_ACTIVE: 409,
  SHOWTIME_NOT_BOOKABLE: 422,
  PROMO_INVALID: 422,
  PAYMENT_DECLINED: 402,
  /** The bank wants the customer to authenticate (3-D Secure); details carry what the client needs. */
  PAYMENT_ACTION_REQUIRED: 402,
  /** A payment for these seats is under way (another tab, or the bank is still deciding). */
  PAYMENT_PENDING: 409,
  CANCELLATION_CLOSED: 422,
  RATE_LIMITED: 429,
  BUSY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Seconds, for RATE_LIMITED and BUSY. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { details?: unknown; retryAfter?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
    this.retryAfter = options?.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError || (e instanceof Error && e.name === 'AppError' && 'code' in e);
}
