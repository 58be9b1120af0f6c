import type { ErrorCode } from '@/lib/errors';

// Who may call what: every REST operation, the route handlers Next still serves, and every server
// action, against every kind of caller, with the answer each one gets. This file is only the table (no app code, so a plain
// `node --import tsx` can print it); tests/integration/authorization-matrix.int.test.ts runs every
// cell for real, against PostgreSQL, through the real handlers and use cases, and fails if the
// README's copy of the table (print-authorization-matrix.ts) differs from this one.
//
// Callers, in column order. "Here" is the cinema the showtime, booking or ticket belongs to (for a
// film: a cinema where it plays; films belong to no cinema, so adding one needs only to manage one);
// "2FA" means TOTP is on and the session passed it (what strong auth asks of managers and admins).
export const CALLERS = [
  'anonymous',
  'owner',
  'otherCustomer',
  'staffHere',
  'staffElsewhere',
  'managerHere',
  'managerNo2fa',
  'managerElsewhere',
  'admin',
] as const;
export type Caller = (typeof CALLERS)[number];

export const CALLER_TITLES: Record<Caller, string> = {
  anonymous: 'anonymous',
  owner: 'owner',
  otherCustomer: 'other customer',
  staffHere: 'staff here',
  staffElsewhere: 'staff elsewhere',
  managerHere: 'manager here',
  managerNo2fa: 'manager here, no 2FA',
  managerElsewhere: 'manager elsewhere',
  admin: 'admin',
};

/** An HTTP status (REST), or `ok` / the error code of `{ ok: false, error: { code } }` (actions). */
export type Outcome = number | 'ok' | ErrorCode;
type Cells = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

export type MatrixRow = {
  /** `METHOD /path` for a REST call (with a variant in brackets), the export's name for an action. */
  readonly id: string;
  /** A REST operation: its operationId (server/api/operations/*). */
  readonly operation?: string;
  /** A route handler Next serves, or a server action: the file that exports it… */
  readonly source?: string;
  /** …and the exported HTTP method or action. */
  readonly export?: string;
  /** One outcome per caller, in CALLERS order. */
  readonly cells: Cells;
  /** Why, in a few words (and what "owner" means where it is not obvious). */
  readonly note: string;
};

const OK = 'ok';
const UNAUTHENTICATED = 'UNAUTHENTICATED';
const FORBIDDEN = 'FORBIDDEN';
const NOT_FOUND = 'NOT_FOUND';
const CONFLICT = 'CONFLICT';
const INVALID_CODE = 'INVALID_CODE';
const INVALID_CREDENTIALS = 'INVALID_CREDENTIALS';

const everyone = <O extends Outcome>(o: O) => [o, o, o, o, o, o, o, o, o] as const;
const signedIn = <A extends Outcome, O extends Outcome>(anonymous: A, o: O) =>
  [anonymous, o, o, o, o, o, o, o, o] as const;
const ownerOnly = <A extends Outcome, O extends Outcome, D extends Outcome>(anonymous: A, ok: O, denied: D) =>
  [anonymous, ok, denied, denied, denied, denied, denied, denied, denied] as const;

/** Route handlers Next still serves (the REST API's own operations are named by operationId). */
const NEXT_ROUTES = {
  nextauth: 'app/api/auth/[...nextauth]/route.ts',
} as const;

/** Server actions live in server/actions/<domain>.ts. */
const ACTIONS = {
  account: 'server/actions/account.ts',
  auth: 'server/actions/auth.ts',
  bookings: 'server/actions/bookings.ts',
  checkout: 'server/actions/checkout.ts',
  refunds: 'server/actions/refunds.ts',
  reviews: 'server/actions/reviews.ts',
  showtimes: 'server/actions/showtimes.ts',
  tickets: 'server/actions/tickets.ts',
  twoFactor: 'server/actions/two-factor.ts',
  venues: 'server/actions/venues.ts',
  pricing: 'server/actions/pricing.ts',
  programme: 'server/actions/programme.ts',
  waitlist: 'server/actions/waitlist.ts',
  films: 'server/actions/films.ts',
  promos: 'server/actions/promos.ts',
  cinemas: 'server/actions/cinemas.ts',
  staff: 'server/actions/staff.ts',
  reports: 'server/actions/reports.ts',
  desk: 'server/actions/desk.ts',
  boxoffice: 'server/actions/boxoffice.ts',
} as const;

/** Managers of the cinema and admins; changes need 2FA, reads do not. */
const cinemaRead = <A extends Outcome, O extends Outcome, D extends Outcome>(
  anonymous: A,
  ok: O,
  denied: D,
) => [anonymous, denied, denied, denied, denied, ok, ok, denied, ok] as const;
const cinemaWrite = <A extends Outcome, O extends Outcome, D extends Outcome>(
  anonymous: A,
  ok: O,
  denied: D,
) => [anonymous, denied, denied, denied, denied, ok, denied, denied, ok] as const;

/** Managers of the cinema and admins, after 2FA: the admin area's writes. */
const MANAGERS_HERE_2FA = [401, 403, 403, 403, 403, 200, 403, 403, 200] as const;
/** Admins only, after 2FA. */
const ADMINS_2FA = <S extends number>(ok: S) => [401, 403, 403, 403, 403, 403, 403, 403, ok] as const;

export const AUTHORIZATION_MATRIX = [
  // ─── REST route handlers: HTTP status ──────────────────────────────────────
  {
    id: 'GET /api/health',
    operation: 'getHealth',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/health/ready',
    operation: 'getReadiness',
    cells: everyone(200),
    note: 'public; 503 only when a check fails or the instance drains',
  },
  {
    id: 'GET /api/health/live',
    operation: 'getLiveness',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/openapi.json',
    operation: 'getOpenApiDocument',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/auth/session',
    source: NEXT_ROUTES.nextauth,
    export: 'GET',
    cells: everyone(200),
    note: 'next-auth; describes only the session the caller sent',
  },
  {
    id: 'POST /api/auth/callback/credentials (no CSRF token)',
    source: NEXT_ROUTES.nextauth,
    export: 'POST',
    cells: everyone(302),
    note: 'next-auth turns away a POST without its CSRF token (to ?csrf=true), signed in or not',
  },
  {
    id: 'POST /api/cron/expire-holds (session token, no secret)',
    operation: 'expireHolds',
    cells: everyone(401),
    note: 'a user’s session or API token, even an admin’s, is not the cron secret',
  },
  {
    id: 'POST /api/cron/expire-holds (wrong secret)',
    operation: 'expireHolds',
    cells: everyone(401),
    note: 'only `Bearer CRON_SECRET`',
  },
  {
    id: 'POST /api/cron/expire-holds (CRON_SECRET)',
    operation: 'expireHolds',
    cells: everyone(200),
    note: 'the secret authorizes, whoever’s cookie rides along',
  },
  {
    id: 'POST /api/v1/auth/token',
    operation: 'createApiToken',
    cells: everyone(200),
    note: 'public; the email and password in the body decide whose token it is',
  },
  {
    id: 'POST /api/v1/auth/refresh',
    operation: 'refreshApiToken',
    cells: everyone(200),
    note: 'public; the refresh token in the body decides whose new tokens these are (a fresh one per cell)',
  },
  {
    id: 'POST /api/v1/auth/revoke',
    operation: 'revokeRefreshToken',
    cells: everyone(200),
    note: 'public; holding a refresh token is the right to revoke it (and the rest of its sign-in)',
  },
  {
    id: 'POST /api/v1/auth/sign-out-everywhere',
    operation: 'signOutEverywhere',
    cells: signedIn(401, 200),
    note: 'the caller’s own sessions and refresh tokens only',
  },
  {
    id: 'GET /api/v1/bookings',
    operation: 'listBookings',
    cells: signedIn(401, 200),
    note: 'each caller lists only their own bookings (a `userId` in the query is ignored)',
  },
  {
    id: 'GET /api/v1/bookings/{reference}',
    operation: 'getBooking',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'owner, the cinema’s staff and managers (reading needs no 2FA), admins; 404 for anyone else, so references cannot be probed',
  },
  {
    id: 'GET /api/v1/bookings/{reference}/tickets.pdf',
    operation: 'downloadTickets',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'same rule as the booking',
  },
  {
    id: 'GET /api/v1/bookings/{reference}/invoice.pdf',
    operation: 'downloadInvoice',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'same rule as the booking; the first allowed call issues the invoice, later ones get the same one',
  },
  {
    id: 'GET /api/v1/bookings/{reference}/credit-notes/{number}.pdf',
    operation: 'downloadCreditNote',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'same rule as the booking and its invoice; a credit note is only read, never made, here',
  },
  {
    id: 'GET /api/v1/bookings/{reference}/calendar.ics',
    operation: 'downloadCalendar',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'same rule as the booking',
  },
  {
    id: 'GET /api/v1/bookings/{reference}/tickets/{ticketId}/wallet.pkpass',
    operation: 'downloadWalletPass',
    cells: [401, 200, 404, 200, 404, 200, 200, 404, 200],
    note: 'same rule as the booking (the matrix runs with a self-made test signing certificate)',
  },
  {
    id: 'POST /api/v1/bookings/{reference}/cancel',
    operation: 'cancelBooking',
    cells: [401, 200, 404, 403, 404, 403, 403, 404, 403],
    note: 'only the customer cancels a booking (managers cancel whole showtimes): 403 for those who may see it, 404 for the rest',
  },
  {
    id: 'GET /api/v1/cinemas/near',
    operation: 'listCinemasNear',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/programme',
    operation: 'getProgrammeWeek',
    cells: cinemaRead(401, 200, 403),
    note: 'managers of the cinema (reading needs no 2FA) and admins; another cinema’s programme is 403, whether or not it exists',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/programme/clashes',
    operation: 'checkShowtimeClashes',
    cells: cinemaRead(401, 200, 403),
    note: 'as the programme: a read',
  },
  {
    id: 'POST /api/v1/cinemas/{cinemaId}/showtimes',
    operation: 'createShowtime',
    cells: cinemaWrite(401, 201, 403),
    note: 'managers of the cinema and admins, after 2FA; a refused call adds no session and no audit record',
  },
  {
    id: 'POST /api/v1/cinemas/{cinemaId}/programme/generate',
    operation: 'generateSessions',
    cells: cinemaWrite(401, 200, 403),
    note: 'as adding one session (preview too: the page asks for 2FA anyway); a refused plan writes no session and no audit record',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/price-card',
    operation: 'getPriceCard',
    cells: cinemaRead(401, 200, 403),
    note: 'as the programme: a read',
  },
  {
    id: 'PUT /api/v1/cinemas/{cinemaId}/price-card',
    operation: 'savePriceCard',
    cells: cinemaWrite(401, 200, 403),
    note: 'managers of the cinema and admins, after 2FA; a refused call leaves the card as it was, with no audit record',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/pricing-rules',
    operation: 'listPricingRules',
    cells: cinemaRead(401, 200, 403),
    note: 'as the programme: a read',
  },
  {
    id: 'PUT /api/v1/cinemas/{cinemaId}/pricing-rules',
    operation: 'savePricingRule',
    cells: cinemaWrite(401, 200, 403),
    note: 'managers of the cinema and admins, after 2FA; a refused call adds no rule and no audit record',
  },
  {
    id: 'DELETE /api/v1/cinemas/{cinemaId}/pricing-rules/{ruleId}',
    operation: 'deletePricingRule',
    cells: cinemaWrite(401, 204, 403),
    note: 'managers of the cinema and admins, after 2FA; a refused call leaves the rule, with no audit record',
  },
  {
    id: 'PUT /api/v1/pricing-rules',
    operation: 'saveGlobalPricingRule',
    cells: ADMINS_2FA(200),
    note: 'rules of every cinema: admins only, after 2FA; a refused call adds no rule and no audit record',
  },
  {
    id: 'DELETE /api/v1/pricing-rules/{ruleId}',
    operation: 'deleteGlobalPricingRule',
    cells: ADMINS_2FA(204),
    note: 'admins only, after 2FA; a refused call leaves the rule, with no audit record',
  },
  {
    id: 'POST /api/v1/cinemas/{cinemaId}/pricing-rules/preview',
    operation: 'previewSeatPrice',
    cells: cinemaRead(401, 200, 403),
    note: 'a read (nothing is written), as the programme',
  },
  {
    id: 'PUT /api/v1/screens/{id}/programme-template',
    operation: 'saveProgrammeTemplate',
    cells: cinemaWrite(401, 200, 403),
    note: 'managers of the screen’s cinema and admins, after 2FA; a refused call leaves no template, no session and no audit record',
  },
  {
    id: 'POST /api/v1/holds/{id}/checkout',
    operation: 'checkoutHold',
    cells: ownerOnly(401, 201, 404),
    note: 'only the hold’s owner pays for it; anyone else (admins too) 404, and a `userId` in the body is ignored',
  },
  {
    id: 'POST /api/v1/holds/{id}/payment',
    operation: 'startPayment',
    cells: ownerOnly(401, 201, 404),
    note: 'only the hold’s owner starts paying for it (a Stripe PaymentIntent for the browser); anyone else 404',
  },
  {
    id: 'POST /api/v1/payments/{id}/confirm',
    operation: 'confirmPayment',
    cells: ownerOnly(401, 201, 404),
    note: 'owner = whose hold the payment is for; anyone else 404 and the hold stays unpaid',
  },
  {
    id: 'DELETE /api/v1/holds/{id}',
    operation: 'releaseHold',
    cells: ownerOnly(401, 204, 404),
    note: 'only the hold’s owner releases it; the hold stays for everyone else',
  },
  {
    id: 'GET /api/v1/movies/{slug}/reviews',
    operation: 'listMovieReviews',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'POST /api/v1/movies/{slug}/reviews',
    operation: 'saveMovieReview',
    cells: signedIn(401, 200),
    note: 'writes the caller’s own review; the owner’s stays untouched (a `userId` in the body is ignored)',
  },
  {
    id: 'GET /api/v1/films',
    operation: 'listFilms',
    cells: [401, 403, 403, 403, 403, 200, 200, 200, 200],
    note: 'managers and admins (reading needs no 2FA) see the whole catalogue; `canEdit` is true only for the films each may edit',
  },
  {
    id: 'POST /api/v1/films',
    operation: 'createFilm',
    cells: [401, 403, 403, 403, 403, 201, 403, 201, 201],
    note: 'films belong to no cinema: a manager of any cinema adds them, after 2FA, as do admins; the film is recorded as the caller’s',
  },
  {
    id: 'GET /api/v1/films/{id}',
    operation: 'getFilm',
    cells: [401, 403, 403, 403, 403, 200, 200, 200, 200],
    note: 'as the list',
  },
  {
    id: 'PATCH /api/v1/films/{id}',
    operation: 'updateFilm',
    cells: [401, 403, 403, 403, 403, 200, 403, 403, 200],
    note: 'here = a cinema where the film plays: its managers (and the manager who added it) edit it after 2FA, as do admins; another cinema’s manager is 403 (films are public) and the film stays as it was',
  },
  {
    id: 'POST /api/v1/films/{id}/archive',
    operation: 'archiveFilm',
    cells: [401, 403, 403, 403, 403, 200, 403, 403, 200],
    note: 'as editing (the film has played here, and has no showtime to come)',
  },
  {
    id: 'POST /api/v1/films/{id}/unarchive',
    operation: 'unarchiveFilm',
    cells: [401, 403, 403, 403, 403, 200, 403, 403, 200],
    note: 'as editing',
  },
  {
    id: 'GET /api/v1/promo-codes',
    operation: 'listPromoCodes',
    cells: [401, 403, 403, 403, 403, 200, 200, 200, 200],
    note: 'managers (reading needs no 2FA) list only the codes restricted to cinemas they manage (the code for here is missing from the list of the manager elsewhere), admins all',
  },
  {
    id: 'GET /api/v1/promo-codes/{id}',
    operation: 'getPromoCode',
    cells: [401, 403, 403, 403, 403, 200, 200, 404, 200],
    note: 'a code restricted to here: its managers and admins; 404 for another cinema’s manager (codes are not public and cannot be probed)',
  },
  {
    id: 'POST /api/v1/promo-codes',
    operation: 'createPromoCode',
    cells: [401, 403, 403, 403, 403, 201, 403, 403, 201],
    note: 'a code for here: its managers after 2FA, admins (who alone may make codes for every cinema); another cinema’s manager is 403 and nothing is written',
  },
  {
    id: 'PATCH /api/v1/promo-codes/{id}',
    operation: 'updatePromoCode',
    cells: [401, 403, 403, 403, 403, 200, 403, 404, 200],
    note: 'a code restricted to here: its managers after 2FA and admins; another cinema’s manager 404; the code stays as it was',
  },
  {
    id: 'POST /api/v1/posters',
    operation: 'uploadPoster',
    cells: [401, 403, 403, 403, 403, 201, 403, 201, 201],
    note: 'as adding a film: managers of any cinema and admins, after 2FA; a refused upload stores nothing',
  },
  {
    id: 'GET /api/media/posters/{file}',
    operation: 'getPosterImage',
    cells: everyone(200),
    note: 'public: posters are page assets',
  },
  {
    id: 'POST /api/v1/pricing/quote',
    operation: 'quotePrice',
    cells: signedIn(401, 200),
    note: 'any signed-in user',
  },
  {
    id: 'GET /api/v1/search',
    operation: 'searchMovies',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/showtimes',
    operation: 'listShowtimes',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'POST /api/v1/showtimes/{id}/cancel',
    operation: 'cancelShowtime',
    cells: [401, 403, 403, 403, 403, 200, 403, 403, 200],
    note: 'managers of the showtime’s cinema and admins, after 2FA',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/cancel-preview',
    operation: 'previewCancelShowtime',
    cells: [401, 403, 403, 403, 403, 200, 403, 403, 200],
    note: 'as cancelling it: managers of the showtime’s cinema and admins, after 2FA; changes nothing',
  },
  {
    id: 'PATCH /api/v1/showtimes/{id}',
    operation: 'updateShowtime',
    cells: cinemaWrite(401, 200, 403),
    note: 'managers of the showtime’s cinema and admins, after 2FA; a refused call leaves the session where it was',
  },
  {
    id: 'POST /api/v1/showtimes/{id}/holds',
    operation: 'holdSeats',
    cells: signedIn(401, 201),
    note: 'any signed-in user, for themselves (a `userId` in the body is ignored)',
  },
  {
    id: 'POST /api/v1/showtimes/{id}/holds/best',
    operation: 'holdBestSeats',
    cells: signedIn(401, 201),
    note: 'any signed-in user, for themselves (box-office sellers under their own account)',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/seats',
    operation: 'getSeatMap',
    cells: everyone(200),
    note: 'public; `mine` marks only the caller’s own held seats',
  },
  {
    id: 'POST /api/v1/showtimes/{id}/waitlist',
    operation: 'joinWaitlist',
    cells: signedIn(401, 201),
    note: 'any signed-in user joins, for themselves',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/waitlist',
    operation: 'getWaitlistEntry',
    cells: ownerOnly(401, 200, 404),
    note: 'the caller’s own place in line; nobody sees the owner’s',
  },
  {
    id: 'DELETE /api/v1/showtimes/{id}/waitlist',
    operation: 'leaveWaitlist',
    cells: signedIn(401, 204),
    note: 'leaves the caller’s own place (a no-op for others: the owner stays in line)',
  },
  {
    id: 'GET /api/v1/refunds',
    operation: 'listRefunds',
    cells: [401, 403, 403, 403, 403, 200, 200, 200, 200],
    note: 'managers (reading needs no 2FA) see only their own cinemas’ refunds, admins all; owner = the customer refunded',
  },
  {
    id: 'POST /api/v1/refunds/{id}/retry',
    operation: 'retryRefund',
    cells: [401, 403, 403, 403, 403, 200, 403, 404, 200],
    note: 'managers of the refund’s cinema and admins, after 2FA; another cinema’s refund is 404',
  },
  {
    id: 'POST /api/v1/reports/refresh',
    operation: 'refreshReports',
    cells: [401, 403, 403, 403, 403, 200, 403, 200, 200],
    note: 'any manager or admin, after 2FA (it recomputes every cinema’s rollups and shows nothing); audited; a refused call writes no audit record and leaves the rollups as they were',
  },
  {
    id: 'GET /api/v1/reports/{kind}',
    operation: 'getReport',
    cells: MANAGERS_HERE_2FA,
    note: 'the cinema’s managers and admins, after 2FA (money: strong auth on reads too); another cinema’s is 403',
  },
  {
    id: 'GET /api/v1/reports/{kind}/export.csv',
    operation: 'downloadReportCsv',
    cells: MANAGERS_HERE_2FA,
    note: 'as the report',
  },
  {
    id: 'GET /api/v1/reports/{kind}/export.xlsx',
    operation: 'downloadReportXlsx',
    cells: MANAGERS_HERE_2FA,
    note: 'as the report',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/best-seats',
    operation: 'suggestBestSeats',
    cells: everyone(200),
    note: 'public, like the seat map: a suggestion holds nothing',
  },
  {
    id: 'POST /api/v1/tickets/check-in',
    operation: 'checkInTicket',
    cells: [401, 403, 403, 200, 403, 200, 403, 403, 200],
    note: 'staff of the ticket’s cinema, its managers after 2FA, admins after 2FA; owner = the ticket holder',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/manifest',
    operation: 'getShowtimeManifest',
    cells: [401, 403, 403, 200, 403, 200, 200, 403, 200],
    note: 'staff and managers of the show’s cinema (reading needs no 2FA) and admins; emails only for managers and admins',
  },
  {
    id: 'GET /api/v1/desk/bookings',
    operation: 'searchDeskBookings',
    cells: [401, 403, 403, 200, 200, 200, 200, 200, 200],
    note: 'staff and managers (reading needs no 2FA) and admins; each finds only their own cinemas’ bookings',
  },
  {
    id: 'GET /api/v1/desk/bookings/{reference}',
    operation: 'getDeskBooking',
    cells: [401, 403, 403, 200, 404, 200, 200, 404, 200],
    note: 'staff and managers of the booking’s cinema (reading needs no 2FA) and admins; another cinema’s booking is 404',
  },
  {
    id: 'POST /api/v1/desk/bookings/{reference}/refund',
    operation: 'refundDeskBooking',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'staff of the booking’s cinema, its managers and admins after 2FA; another cinema’s booking is 404; owner = the customer',
  },
  {
    id: 'POST /api/v1/desk/bookings/{reference}/move',
    operation: 'moveDeskBooking',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'as the desk refund',
  },
  {
    id: 'POST /api/v1/desk/bookings/{reference}/resend',
    operation: 'resendDeskTickets',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'as the desk refund',
  },
  {
    id: 'GET /api/v1/showtimes/{id}/check-in-list',
    operation: 'getOfflineDoorList',
    cells: [401, 403, 403, 200, 403, 200, 403, 403, 200],
    note: 'as check-in (managers and admins after 2FA): staff and managers of the show’s cinema, admins; no emails; a refused call leaves no audit record of a download',
  },
  {
    id: 'POST /api/v1/showtimes/{id}/check-ins',
    operation: 'syncOfflineCheckIns',
    cells: [401, 403, 403, 200, 403, 200, 403, 403, 200],
    note: 'as check-in: a refused sync checks nothing in',
  },
  {
    id: 'GET /api/media/scanner/{file}',
    operation: 'getScannerWasm',
    cells: everyone(200),
    note: 'public: the check-in page’s QR reader is a page asset',
  },
  {
    id: 'POST /api/v1/box-office/sales',
    operation: 'sellAtCounter',
    cells: [401, 403, 403, 201, 403, 201, 403, 403, 201],
    note: 'staff and managers of the show’s cinema (managers after 2FA) and admins; each sells their own hold into their own till',
  },
  {
    id: 'POST /api/v1/box-office/bookings/{reference}/refund',
    operation: 'refundCounterBooking',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'the seller of the counter sale (staff here = their own sale), managers of its cinema after 2FA, admins; another cinema’s sale is not found',
  },
  {
    id: 'POST /api/v1/refunds/{id}/paid-at-counter',
    operation: 'settleCounterRefund',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'staff and managers of the sale’s cinema (managers after 2FA) and admins; another cinema’s refund is 404; a refused call leaves it owed, with no audit record',
  },
  {
    id: 'GET /api/v1/box-office/tills',
    operation: 'listTills',
    cells: [401, 403, 403, 200, 200, 200, 200, 200, 200],
    note: 'everyone who works a counter sees their own tills; managers every till of their cinemas; admins all',
  },
  {
    id: 'POST /api/v1/box-office/tills',
    operation: 'openTill',
    cells: [401, 403, 403, 201, 403, 201, 403, 403, 201],
    note: 'one’s own till, at a cinema one works at (managers after 2FA)',
  },
  {
    id: 'POST /api/v1/box-office/tills/{id}/close',
    operation: 'closeTill',
    cells: [401, 403, 403, 200, 404, 200, 403, 404, 200],
    note: 'the till’s seller (staff here = their own till), managers of its cinema after 2FA, admins; another’s till is not found',
  },
  {
    id: 'POST /api/webhooks/stripe (bad signature)',
    operation: 'stripeWebhook',
    cells: everyone(400),
    note: 'the Stripe-Signature over the raw body authorizes, not the caller',
  },
  {
    id: 'POST /api/webhooks/stripe (valid signature)',
    operation: 'stripeWebhook',
    cells: everyone(200),
    note: 'the Stripe-Signature over the raw body authorizes, not the caller',
  },
  {
    id: 'POST /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (wrong pass token)',
    operation: 'registerWalletPass',
    cells: everyone(401),
    note: 'Apple Wallet: the pass’s own token (`ApplePass`) authorizes, not the caller; another pass’s token is refused',
  },
  {
    id: 'POST /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (pass token)',
    operation: 'registerWalletPass',
    cells: everyone(201),
    note: 'Apple Wallet: whoever holds the pass holds its token, whoever’s session rides along',
  },
  {
    id: 'DELETE /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (wrong pass token)',
    operation: 'unregisterWalletPass',
    cells: everyone(401),
    note: 'Apple Wallet: only the pass’s own token',
  },
  {
    id: 'DELETE /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (pass token)',
    operation: 'unregisterWalletPass',
    cells: everyone(200),
    note: 'Apple Wallet: the pass’s own token',
  },
  {
    id: 'GET /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}',
    operation: 'listUpdatedWalletPasses',
    cells: everyone(200),
    note: 'Apple Wallet sends no token here: the device library id, known only to the device, is the credential',
  },
  {
    id: 'GET /api/wallet/v1/passes/{passTypeIdentifier}/{serialNumber} (wrong pass token)',
    operation: 'getLatestWalletPass',
    cells: everyone(401),
    note: 'Apple Wallet: only the pass’s own token, whoever’s session rides along',
  },
  {
    id: 'GET /api/wallet/v1/passes/{passTypeIdentifier}/{serialNumber} (pass token)',
    operation: 'getLatestWalletPass',
    cells: everyone(200),
    note: 'Apple Wallet: the pass’s own token',
  },
  {
    id: 'POST /api/wallet/v1/log',
    operation: 'logWalletMessages',
    cells: everyone(200),
    note: 'Apple Wallet sends no credential: public, bounded (20 messages of 500 characters, 64 KiB)',
  },

  // ─── Cinemas, screens and staff (issue 13) ─────────────────────────────────
  {
    id: 'GET /api/v1/managed/cinemas',
    operation: 'listManagedCinemas',
    cells: [401, 403, 403, 403, 403, 200, 200, 200, 200],
    note: 'managers (reading needs no 2FA) list only the cinemas they manage, admins every one',
  },
  {
    id: 'POST /api/v1/cinemas',
    operation: 'createCinema',
    cells: ADMINS_2FA(201),
    note: 'admins, after 2FA',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/settings',
    operation: 'getCinemaSettings',
    cells: [401, 403, 403, 403, 403, 200, 200, 403, 200],
    note: 'managers of the cinema (reading needs no 2FA) and admins; another cinema is 403 whether or not it exists',
  },
  {
    id: 'PATCH /api/v1/cinemas/{cinemaId}',
    operation: 'updateCinema',
    cells: MANAGERS_HERE_2FA,
    note: 'managers of the cinema and admins, after 2FA; a refused call leaves the settings as they were',
  },
  {
    id: 'PUT /api/v1/cinemas/{cinemaId}/screens/{screenId}/layout',
    operation: 'editScreenLayout',
    cells: MANAGERS_HERE_2FA,
    note: 'managers of the cinema and admins, after 2FA; a refused call writes no layout version and the screen keeps its current one',
  },
  {
    id: 'POST /api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block/preview',
    operation: 'previewSeatBlock',
    cells: [401, 403, 403, 403, 403, 200, 200, 403, 200],
    note: 'managers of the cinema (a preview reads only: no 2FA) and admins',
  },
  {
    id: 'POST /api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block',
    operation: 'blockSeats',
    cells: MANAGERS_HERE_2FA,
    note: 'managers of the cinema and admins, after 2FA; a refused call leaves every seat in service',
  },
  {
    id: 'PATCH /api/v1/cinemas/{cinemaId}/screens/{screenId}',
    operation: 'updateScreen',
    cells: MANAGERS_HERE_2FA,
    note: 'managers of the cinema and admins, after 2FA; a refused call leaves the screen as it was',
  },
  {
    id: 'GET /api/v1/cinemas/{cinemaId}/staff',
    operation: 'listCinemaStaff',
    cells: [401, 403, 403, 403, 403, 200, 200, 403, 200],
    note: 'managers of the cinema (reading needs no 2FA) and admins',
  },
  {
    id: 'POST /api/v1/staff-invitations',
    operation: 'inviteStaff',
    cells: [401, 403, 403, 403, 403, 201, 403, 403, 201],
    note: 'managers invite staff to cinemas they manage, admins anyone, after 2FA; a refused call queues no invitation or mail',
  },
  {
    id: 'DELETE /api/v1/staff-invitations/{id}',
    operation: 'withdrawStaffInvitation',
    cells: [401, 403, 403, 403, 403, 204, 403, 404, 204],
    note: 'managers of every cinema it is for and admins, after 2FA; another cinema’s invitation is 404',
  },
  {
    id: 'POST /api/v1/staff-invitations/accept',
    operation: 'acceptStaffInvitation',
    cells: [200, 200, 403, 403, 403, 403, 403, 403, 403],
    note: 'owner = the invited address, signed in; anyone else signed in is 403; without a session the account is made with the invited address (with `account`; without it, 401)',
  },
  {
    id: 'PUT /api/v1/cinemas/{cinemaId}/staff/{userId}',
    operation: 'changeStaffRole',
    cells: ADMINS_2FA(200),
    note: 'making a member of staff a manager is for admins only, after 2FA; the role stays as it was otherwise',
  },
  {
    id: 'DELETE /api/v1/cinemas/{cinemaId}/staff/{userId}',
    operation: 'revokeStaff',
    cells: MANAGERS_HERE_2FA,
    note: 'revoking a member of staff: managers of the cinema and admins, after 2FA',
  },

  // ─── The public site and the caller's own account over REST (issue 16.4) ──
  {
    id: 'GET /api/v1/cities',
    operation: 'listCities',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/movies',
    operation: 'discoverMovies',
    cells: everyone(200),
    note: 'public; the same films whoever asks',
  },
  {
    id: 'GET /api/v1/movies/{slug}',
    operation: 'getMovie',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/movies/{slug}/showtimes',
    operation: 'listMovieShowtimes',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/cinemas',
    operation: 'listCinemas',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/cinemas/by-slug/{slug}',
    operation: 'getCinema',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'GET /api/v1/cinemas/by-slug/{slug}/showtimes',
    operation: 'getCinemaProgramme',
    cells: everyone(200),
    note: 'public',
  },
  {
    id: 'POST /api/v1/account/sign-up',
    operation: 'signUp',
    cells: everyone(201),
    note: 'public; always a new unverified customer, whoever is signed in',
  },
  {
    id: 'POST /api/v1/account/verify-email',
    operation: 'verifyEmail',
    cells: everyone(200),
    note: 'public; the emailed code decides',
  },
  {
    id: 'POST /api/v1/account/verify-email/resend',
    operation: 'resendVerification',
    cells: everyone(200),
    note: 'public; the account’s password decides',
  },
  {
    id: 'POST /api/v1/account/password-reset',
    operation: 'requestPasswordReset',
    cells: everyone(202),
    note: 'public; the same answer for every address',
  },
  {
    id: 'POST /api/v1/account/password-reset/confirm',
    operation: 'resetPassword',
    cells: everyone(200),
    note: 'public; the emailed link decides',
  },
  {
    id: 'GET /api/v1/me',
    operation: 'getAccount',
    cells: signedIn(401, 200),
    note: 'the caller’s own account, whoever they are',
  },
  {
    id: 'PATCH /api/v1/me',
    operation: 'updateProfile',
    cells: signedIn(401, 200),
    note: 'the caller’s own name, whoever they are',
  },
  {
    id: 'POST /api/v1/me/password',
    operation: 'changePassword',
    cells: signedIn(401, 200),
    note: 'the caller’s own account, with its current password',
  },
  {
    id: 'POST /api/v1/me/email',
    operation: 'requestEmailChange',
    cells: signedIn(401, 200),
    note: 'the caller’s own account, with its password',
  },
  {
    id: 'POST /api/v1/me/email/confirm',
    operation: 'confirmEmailChange',
    cells: ownerOnly(401, 200, 400),
    note: 'everyone sends the owner’s emailed code: it works only on the owner’s account (400 INVALID_CODE)',
  },
  {
    id: 'POST /api/v1/me/delete',
    operation: 'deleteAccount',
    cells: [401, 200, 200, 200, 200, 200, 200, 200, 403],
    note: 'the caller’s own account, with its password; an admin cannot delete themselves',
  },
  {
    id: 'POST /api/v1/me/two-factor',
    operation: 'startTwoFactor',
    cells: [401, 200, 200, 200, 200, 409, 200, 409, 409],
    note: 'the caller’s own account; 409 CONFLICT where 2FA is already on',
  },
  {
    id: 'POST /api/v1/me/two-factor/confirm',
    operation: 'confirmTwoFactor',
    cells: [401, 200, 400, 400, 400, 409, 400, 409, 409],
    note: 'everyone (mid-enrolment themselves) sends the owner’s code: it enrols only the owner (400 INVALID_CODE; 409 where 2FA is on)',
  },
  {
    id: 'POST /api/v1/me/two-factor/disable',
    operation: 'disableTwoFactor',
    cells: ownerOnly(401, 200, 401),
    note: 'everyone sends the owner’s password and code: they are checked against the caller’s own account (401 INVALID_CREDENTIALS)',
  },
  {
    id: 'POST /api/v1/me/two-factor/recovery-codes',
    operation: 'regenerateRecoveryCodes',
    cells: ownerOnly(401, 200, 400),
    note: 'everyone sends the owner’s current code: it works only on the owner’s account (400 INVALID_CODE)',
  },

  // ─── Server actions: `ok` or the error code ────────────────────────────────
  {
    id: 'joinWaitlistAction',
    source: ACTIONS.waitlist,
    export: 'joinWaitlistAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'any signed-in user, for themselves',
  },
  {
    id: 'leaveWaitlistAction',
    source: ACTIONS.waitlist,
    export: 'leaveWaitlistAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'leaves the caller’s own place (a no-op for others: the owner stays in line)',
  },
  {
    id: 'quoteHoldAction',
    source: ACTIONS.checkout,
    export: 'quoteHoldAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, NOT_FOUND),
    note: 'only the hold’s owner',
  },
  {
    id: 'checkoutAction',
    source: ACTIONS.checkout,
    export: 'checkoutAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, NOT_FOUND),
    note: 'only the hold’s owner pays for it (a `userId` in the input is ignored)',
  },
  {
    id: 'startPaymentAction',
    source: ACTIONS.checkout,
    export: 'startPaymentAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, NOT_FOUND),
    note: 'as its REST twin',
  },
  {
    id: 'confirmPaymentAction',
    source: ACTIONS.checkout,
    export: 'confirmPaymentAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, NOT_FOUND),
    note: 'as its REST twin',
  },
  {
    id: 'cancelBookingAction',
    source: ACTIONS.bookings,
    export: 'cancelBookingAction',
    cells: [UNAUTHENTICATED, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN],
    note: 'as its REST twin',
  },
  {
    id: 'saveReviewAction',
    source: ACTIONS.reviews,
    export: 'saveReviewAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'writes the caller’s own review; the owner’s stays untouched',
  },
  {
    id: 'deleteReviewAction',
    source: ACTIONS.reviews,
    export: 'deleteReviewAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, NOT_FOUND),
    note: 'deletes only the caller’s own review; the owner’s stays',
  },
  {
    id: 'cancelShowtimeAction',
    source: ACTIONS.showtimes,
    export: 'cancelShowtimeAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'previewCancelShowtimeAction',
    source: ACTIONS.showtimes,
    export: 'previewCancelShowtimeAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'holdBestSeatsAction',
    source: ACTIONS.showtimes,
    export: 'holdBestSeatsAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'as its REST twin',
  },
  {
    id: 'retryRefundAction',
    source: ACTIONS.refunds,
    export: 'retryRefundAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'refreshReportsAction',
    source: ACTIONS.reports,
    export: 'refreshReportsAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, OK],
    note: 'as its REST twin',
  },
  {
    id: 'sellAtCounterAction',
    source: ACTIONS.boxoffice,
    export: 'sellAtCounterAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'refundCounterBookingAction',
    source: ACTIONS.boxoffice,
    export: 'refundCounterBookingAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'settleCounterRefundAction',
    source: ACTIONS.refunds,
    export: 'settleCounterRefundAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'openTillAction',
    source: ACTIONS.boxoffice,
    export: 'openTillAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'closeTillAction',
    source: ACTIONS.boxoffice,
    export: 'closeTillAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'checkInAction',
    source: ACTIONS.tickets,
    export: 'checkInAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'refundDeskBookingAction',
    source: ACTIONS.desk,
    export: 'refundDeskBookingAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'moveDeskBookingAction',
    source: ACTIONS.desk,
    export: 'moveDeskBookingAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'resendDeskTicketsAction',
    source: ACTIONS.desk,
    export: 'resendDeskTicketsAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'downloadCheckInListAction',
    source: ACTIONS.tickets,
    export: 'downloadCheckInListAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin (`GET /api/v1/showtimes/{id}/check-in-list`)',
  },
  {
    id: 'syncCheckInsAction',
    source: ACTIONS.tickets,
    export: 'syncCheckInsAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin (`POST /api/v1/showtimes/{id}/check-ins`)',
  },
  {
    id: 'createScreenAction',
    source: ACTIONS.venues,
    export: 'createScreenAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'managers of the cinema and admins, after 2FA; a cinema one does not manage is FORBIDDEN whether or not it exists (cinemas are public, and ids cannot be probed)',
  },
  {
    id: 'checkClashesAction',
    source: ACTIONS.programme,
    export: 'checkClashesAction',
    cells: cinemaRead(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'createShowtimeAction',
    source: ACTIONS.programme,
    export: 'createShowtimeAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'generateSessionsAction',
    source: ACTIONS.programme,
    export: 'generateSessionsAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'savePriceCardAction',
    source: ACTIONS.pricing,
    export: 'savePriceCardAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'savePricingRuleAction',
    source: ACTIONS.pricing,
    export: 'savePricingRuleAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'deletePricingRuleAction',
    source: ACTIONS.pricing,
    export: 'deletePricingRuleAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'saveGlobalPricingRuleAction',
    source: ACTIONS.pricing,
    export: 'saveGlobalPricingRuleAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'deleteGlobalPricingRuleAction',
    source: ACTIONS.pricing,
    export: 'deleteGlobalPricingRuleAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'previewSeatPriceAction',
    source: ACTIONS.pricing,
    export: 'previewSeatPriceAction',
    cells: cinemaRead(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'saveProgrammeTemplateAction',
    source: ACTIONS.programme,
    export: 'saveProgrammeTemplateAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'updateShowtimeAction',
    source: ACTIONS.programme,
    export: 'updateShowtimeAction',
    cells: cinemaWrite(UNAUTHENTICATED, OK, FORBIDDEN),
    note: 'as its REST twin',
  },
  {
    id: 'createFilmAction',
    source: ACTIONS.films,
    export: 'createFilmAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, OK],
    note: 'as its REST twin',
  },
  {
    id: 'updateFilmAction',
    source: ACTIONS.films,
    export: 'updateFilmAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'archiveFilmAction',
    source: ACTIONS.films,
    export: 'archiveFilmAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'unarchiveFilmAction',
    source: ACTIONS.films,
    export: 'unarchiveFilmAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'createPromoAction',
    source: ACTIONS.promos,
    export: 'createPromoAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'updatePromoAction',
    source: ACTIONS.promos,
    export: 'updatePromoAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'editScreenLayoutAction',
    source: ACTIONS.venues,
    export: 'editScreenLayoutAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'previewSeatBlockAction',
    source: ACTIONS.venues,
    export: 'previewSeatBlockAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'blockSeatsAction',
    source: ACTIONS.venues,
    export: 'blockSeatsAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'updateScreenAction',
    source: ACTIONS.venues,
    export: 'updateScreenAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'createCinemaAction',
    source: ACTIONS.cinemas,
    export: 'createCinemaAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'updateCinemaAction',
    source: ACTIONS.cinemas,
    export: 'updateCinemaAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'inviteStaffAction',
    source: ACTIONS.staff,
    export: 'inviteStaffAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'withdrawInvitationAction',
    source: ACTIONS.staff,
    export: 'withdrawInvitationAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, OK],
    note: 'as its REST twin',
  },
  {
    id: 'changeStaffRoleAction',
    source: ACTIONS.staff,
    export: 'changeStaffRoleAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'revokeStaffAction',
    source: ACTIONS.staff,
    export: 'revokeStaffAction',
    cells: [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK],
    note: 'as its REST twin',
  },
  {
    id: 'acceptInvitationAction',
    source: ACTIONS.staff,
    export: 'acceptInvitationAction',
    cells: [UNAUTHENTICATED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    note: 'owner = the invited address, signed in',
  },
  {
    id: 'signUpAndAcceptInvitationAction',
    source: ACTIONS.staff,
    export: 'signUpAndAcceptInvitationAction',
    cells: everyone(OK),
    note: 'public: the link decides; the account is made with the invited address (each cell its own), whoever is signed in',
  },
  {
    id: 'updateProfileAction',
    source: ACTIONS.account,
    export: 'updateProfileAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'the caller’s own name, whoever they are; the re-issued session is the caller’s',
  },
  {
    id: 'changePasswordAction',
    source: ACTIONS.account,
    export: 'changePasswordAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'the caller’s own account (with its current password); the re-issued session is the caller’s',
  },
  {
    id: 'requestEmailChangeAction',
    source: ACTIONS.account,
    export: 'requestEmailChangeAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'the caller’s own account, with its password',
  },
  {
    id: 'confirmEmailChangeAction',
    source: ACTIONS.account,
    export: 'confirmEmailChangeAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, INVALID_CODE),
    note: 'everyone sends the owner’s emailed code: it works only on the owner’s account',
  },
  {
    id: 'deleteAccountAction',
    source: ACTIONS.account,
    export: 'deleteAccountAction',
    cells: [UNAUTHENTICATED, OK, OK, OK, OK, OK, OK, OK, FORBIDDEN],
    note: 'the caller’s own account, with its password; an admin cannot delete themselves',
  },
  {
    id: 'signOutEverywhereAction',
    source: ACTIONS.account,
    export: 'signOutEverywhereAction',
    cells: signedIn(UNAUTHENTICATED, OK),
    note: 'the caller’s own sessions and refresh tokens; the caller’s session cookie goes too',
  },
  {
    id: 'startTotpAction',
    source: ACTIONS.twoFactor,
    export: 'startTotpAction',
    cells: [UNAUTHENTICATED, OK, OK, OK, OK, CONFLICT, OK, CONFLICT, CONFLICT],
    note: 'the caller’s own account; CONFLICT where 2FA is already on',
  },
  {
    id: 'confirmTotpAction',
    source: ACTIONS.twoFactor,
    export: 'confirmTotpAction',
    cells: [
      UNAUTHENTICATED,
      OK,
      INVALID_CODE,
      INVALID_CODE,
      INVALID_CODE,
      CONFLICT,
      INVALID_CODE,
      CONFLICT,
      CONFLICT,
    ],
    note: 'everyone (mid-enrolment themselves) sends the owner’s code: it enrols only the owner',
  },
  {
    id: 'disableTotpAction',
    source: ACTIONS.twoFactor,
    export: 'disableTotpAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, INVALID_CREDENTIALS),
    note: 'everyone sends the owner’s password and code: they are checked against the caller’s own account',
  },
  {
    id: 'regenerateRecoveryCodesAction',
    source: ACTIONS.twoFactor,
    export: 'regenerateRecoveryCodesAction',
    cells: ownerOnly(UNAUTHENTICATED, OK, INVALID_CODE),
    note: 'everyone sends the owner’s current code: it works only on the owner’s account',
  },
  {
    id: 'secondFactorAction',
    source: ACTIONS.twoFactor,
    export: 'secondFactorAction',
    cells: [
      UNAUTHENTICATED,
      OK,
      UNAUTHENTICATED,
      UNAUTHENTICATED,
      UNAUTHENTICATED,
      OK,
      UNAUTHENTICATED,
      OK,
      OK,
    ],
    note: 'public, but acts on the caller’s session: the owner’s pending sign-in takes their code; sessions that passed 2FA are already done; the rest have nothing to finish',
  },
  {
    id: 'signUpAction',
    source: ACTIONS.auth,
    export: 'signUpAction',
    cells: everyone(OK),
    note: 'public',
  },
  {
    id: 'verifyEmailAction',
    source: ACTIONS.auth,
    export: 'verifyEmailAction',
    cells: everyone(OK),
    note: 'public; the emailed code decides',
  },
  {
    id: 'resendVerificationAction',
    source: ACTIONS.auth,
    export: 'resendVerificationAction',
    cells: everyone(OK),
    note: 'public; the account’s password decides',
  },
  {
    id: 'requestResetAction',
    source: ACTIONS.auth,
    export: 'requestResetAction',
    cells: everyone(OK),
    note: 'public; the same answer for every address',
  },
  {
    id: 'resetPasswordAction',
    source: ACTIONS.auth,
    export: 'resetPasswordAction',
    cells: everyone(OK),
    note: 'public; the emailed link decides',
  },
] as const satisfies readonly MatrixRow[];

export type RowId = (typeof AUTHORIZATION_MATRIX)[number]['id'];

function isRestRow(row: MatrixRow): boolean {
  return row.operation !== undefined || (row.source?.endsWith('/route.ts') ?? false);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(first: string, rows: readonly MatrixRow[]): string {
  const head = [first, ...CALLERS.map((c) => CALLER_TITLES[c]), 'why'];
  return [
    tableRow(head),
    tableRow(head.map(() => '---')),
    ...rows.map((r) => tableRow([`\`${r.id}\``, ...r.cells.map(String), r.note])),
  ].join('\n');
}

/** The matrix as markdown: one table for the REST API (statuses), one for server actions (codes). */
export function authorizationMatrixMarkdown(): string {
  const rows: readonly MatrixRow[] = AUTHORIZATION_MATRIX;
  return [
    table('REST operation', rows.filter(isRestRow)),
    '',
    table(
      'server action',
      rows.filter((r) => !isRestRow(r)),
    ),
  ].join('\n');
}
