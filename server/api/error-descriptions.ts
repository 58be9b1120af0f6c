import type { ErrorCode } from '@/lib/errors';

/** What each code means to a client; a new ErrorCode does not compile until it is described here. */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_REQUEST: 'The request is malformed (e.g. the body is not valid JSON, or a signature is missing).',
  VALIDATION_FAILED: 'Some fields are invalid; `details` lists `{ path, message }` for each.',
  UNAUTHENTICATED: 'No valid credentials: sign in or send a valid bearer token.',
  INVALID_CREDENTIALS: 'The email and password do not match an account.',
  TOTP_REQUIRED:
    'The password is right and the account has two-factor authentication: send the current 6-digit code (or a recovery code) as `totp`.',
  REFRESH_TOKEN_INVALID:
    'The refresh token is unknown, expired, revoked (logout, password change, sign out everywhere), or its account signed out: sign in again with `POST /api/v1/auth/token`.',
  REFRESH_TOKEN_REUSED:
    'This refresh token was already exchanged once. A copy may have leaked, so every refresh token of that sign-in is now revoked: sign in again.',
  INVALID_CODE: 'The one-time code is wrong, used, or expired (each code allows a few attempts).',
  EMAIL_NOT_VERIFIED:
    'The password is right but the email address is not verified yet: finish sign-up with the code we emailed.',
  FORBIDDEN: 'Signed in, but not allowed to do this.',
  NOT_FOUND: "It does not exist, or it is not the caller's (never distinguished).",
  METHOD_NOT_ALLOWED: 'This path does not support this method; `Allow` lists the ones it does.',
  CONFLICT: 'The change conflicts with the current state; reload and retry (honour `Retry-After` if sent).',
  SEATS_UNAVAILABLE: 'One or more seats are taken or blocked; `details` has `seatIds` and `labels`.',
  HOLD_EXPIRED: 'The hold ended before checkout; hold the seats again.',
  IDEMPOTENCY_CONFLICT:
    'The Idempotency-Key was used for a different request, or its first request is still running (`Retry-After`).',
  EMAIL_TAKEN: 'An account with this email already exists.',
  SHOWTIME_OVERLAP: 'Another showtime already uses this screen at that time.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the 32 KiB this API accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as `application/json`.',
  HEADERS_TOO_LARGE: 'The request headers (cookies included) are larger than the server accepts.',
  SEAT_RULE_VIOLATION:
    'The selection breaks a seating rule (a single seat left on its own, a reserved wheelchair space); `details` has `rule`, `seatIds`, `labels`.',
  UNKNOWN_SEAT: "A seat id is not in this showtime's screen; `details.seatIds` lists them.",
  HOLD_NOT_ACTIVE: 'The hold was already converted into a booking.',
  SHOWTIME_NOT_BOOKABLE: 'The showtime was cancelled or has started.',
  PROMO_INVALID: 'The promo code does not apply; `details.reason` says why.',
  PAYMENT_DECLINED:
    'The payment was declined and the seats were released; `details` has `declineCode` and `seatsReleased`.',
  PAYMENT_ACTION_REQUIRED:
    'The bank asks the customer to authenticate (3-D Secure): `details` has `paymentId` and `clientSecret`; finish it with Stripe.js `handleNextAction`, then call `POST /api/v1/payments/{id}/confirm`.',
  PAYMENT_PENDING:
    'A payment for these seats is under way, or the bank has not answered yet; retry after `Retry-After` seconds (the booking is emailed when it completes).',
  CANCELLATION_CLOSED: 'The booking is already cancelled, or past the cinema’s cancellation cut-off.',
  RATE_LIMITED: 'Too many requests; wait `Retry-After` seconds.',
  BUSY: 'Temporarily overloaded or a dependency did not answer; retry after `Retry-After` seconds.',
  INTERNAL: 'A bug or outage on our side; the message carries a reference to quote.',
};
