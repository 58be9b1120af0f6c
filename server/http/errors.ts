import 'server-only';
import { ZodError } from 'zod';
import { AppError, type ErrorBody } from '@/lib/errors';
import {
  isConstraintViolation,
  isDatabaseUnavailable,
  isRetryableTxError,
  pgError,
} from '@/server/db/errors';
import { log, logContext } from '@/server/log';

// Database constraints whose violation is a client-visible conflict, not a bug: the constraint
// is the last line of defence, and losing a race to it is a 409 with a clear message.
const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  seat_claims_one_live_per_seat: () =>
    new AppError('SEATS_UNAVAILABLE', 'One or more of these seats were just taken by someone else.'),
  tickets_one_live_per_seat: () => new AppError('SEATS_UNAVAILABLE', 'This seat is already sold.'),
  showtimes_no_overlap: () =>
    new AppError(
      'SHOWTIME_OVERLAP',
      'Another showtime already uses this screen at that time (cleaning included).',
    ),
  users_email_key: () => new AppError('EMAIL_TAKEN', 'An account with this email already exists.'),
  promo_codes_redemptions_within_limit: () =>
    new AppError('PROMO_INVALID', 'This promo code has reached its usage limit.'),
};

function zodDetails(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Every error, known or not, as an AppError a client may see. Unknown ones are logged. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError('VALIDATION_FAILED', 'Some fields are invalid.', { details: zodDetails(error) });
  }
  if (isRetryableTxError(error))
    return new AppError('BUSY', 'Please try again in a moment.', { retryAfter: 1 });
  if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: a warning without a stack, and the client is told to come back.
    log.warn('database unavailable', { err: error instanceof Error ? error.message : String(error) });
    return new AppError('BUSY', 'We cannot reach our database right now. Please try again in a moment.', {
      retryAfter: 2,
    });
  }
  const info = pgError(error);
  if (info && isConstraintViolation(error)) {
    const known = info.constraint ? CONSTRAINT_ERRORS[info.constraint] : undefined;
    if (known) return known();
    log.warn('constraint violation', { sqlState: info.sqlState, constraint: info.constraint });
    return new AppError('CONFLICT', 'This change conflicts with the current state. Reload and try again.');
  }
  if ((error as { code?: unknown })?.code === 'P2025') return new AppError('NOT_FOUND', 'Not found.');
  log.error('unhandled error', {
    err:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return new AppError(
    'INTERNAL',
    `Something went wrong on our side. Reference: ${logContext()?.requestId ?? 'n/a'}.`,
  );
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  const body: ErrorBody = appError.toBody();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (appError.retryAfter !== undefined) headers['retry-after'] = String(appError.retryAfter);
  const requestId = logContext()?.requestId;
  if (requestId) headers['x-request-id'] = requestId;
  return new Response(JSON.stringify(body), { status: appError.status, headers });
}
