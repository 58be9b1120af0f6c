import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { NextRequest } from 'next/server';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as nextauthRoute from '@/app/api/auth/[...nextauth]/route';
import { ERROR_STATUS } from '@/lib/errors';
import { localDateAt, zonedInstant } from '@/lib/local-time';
import type { RoleName } from '@/lib/schemas/auth';
import type { FilmFormValues } from '@/lib/schemas/films';
import { creditNoteSlug } from '@/lib/schemas/invoice';
import type { GeneratePlan } from '@/lib/schemas/programme';
import type { PromoFormValues } from '@/lib/schemas/promos';
import { templateDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import { issueCode, issueResetToken } from '@/server/account/one-time-code';
import * as accountActions from '@/server/actions/account';
import * as authActions from '@/server/actions/auth';
import * as bookingActions from '@/server/actions/bookings';
import * as boxOfficeActions from '@/server/actions/boxoffice';
import * as checkoutActions from '@/server/actions/checkout';
import * as cinemaActions from '@/server/actions/cinemas';
import * as deskActions from '@/server/actions/desk';
import * as filmActions from '@/server/actions/films';
import * as pricingActions from '@/server/actions/pricing';
import * as programmeActions from '@/server/actions/programme';
import * as promoActions from '@/server/actions/promos';
import * as refundActions from '@/server/actions/refunds';
import * as reportActions from '@/server/actions/reports';
import * as reviewActions from '@/server/actions/reviews';
import * as showtimeActions from '@/server/actions/showtimes';
import * as staffActions from '@/server/actions/staff';
import * as ticketActions from '@/server/actions/tickets';
import * as twoFactorActions from '@/server/actions/two-factor';
import * as venueActions from '@/server/actions/venues';
import * as waitlistActions from '@/server/actions/waitlist';
import { type Operation, operationErrorCodes } from '@/server/api/operation';
import {
  changePasswordOp,
  confirmEmailChangeOp,
  confirmTwoFactorOp,
  deleteAccountOp,
  disableTwoFactorOp,
  getAccountOp,
  regenerateRecoveryCodesOp,
  requestEmailChangeOp,
  requestPasswordResetOp,
  resendVerificationOp,
  resetPasswordOp,
  signUpOp,
  startTwoFactorOp,
  updateProfileOp,
  verifyEmailOp,
} from '@/server/api/operations/account';
import {
  createApiTokenOp,
  refreshApiTokenOp,
  revokeRefreshTokenOp,
  signOutEverywhereOp,
} from '@/server/api/operations/auth';
import {
  cancelBookingOp,
  downloadCalendarOp,
  downloadCreditNoteOp,
  downloadInvoiceOp,
  downloadTicketsOp,
  downloadWalletPassOp,
  getBookingOp,
  listBookingsOp,
  listRefundsOp,
  retryRefundOp,
  settleCounterRefundOp,
} from '@/server/api/operations/bookings';
import {
  closeTillOp,
  listTillsOp,
  openTillOp,
  refundCounterBookingOp,
  sellAtCounterOp,
} from '@/server/api/operations/boxoffice';
import {
  listCinemasNearOp,
  listMovieReviewsOp,
  saveMovieReviewOp,
  searchMoviesOp,
} from '@/server/api/operations/catalog';
import {
  getDeskBookingOp,
  moveDeskBookingOp,
  refundDeskBookingOp,
  resendDeskTicketsOp,
  searchDeskBookingsOp,
} from '@/server/api/operations/desk';
import {
  archiveFilmOp,
  createFilmOp,
  getFilmOp,
  getPosterImageOp,
  listFilmsOp,
  unarchiveFilmOp,
  updateFilmOp,
  uploadPosterOp,
} from '@/server/api/operations/films';
import {
  checkoutHoldOp,
  confirmPaymentOp,
  releaseHoldOp,
  startPaymentOp,
} from '@/server/api/operations/holds';
import {
  discoverMoviesOp,
  getCinemaOp,
  getCinemaProgrammeOp,
  getMovieOp,
  listCinemasOp,
  listCitiesOp,
  listMovieShowtimesOp,
} from '@/server/api/operations/moviegoer';
import {
  deleteGlobalPricingRuleOp,
  deletePricingRuleOp,
  getPriceCardOp,
  listPricingRulesOp,
  previewSeatPriceOp,
  saveGlobalPricingRuleOp,
  savePriceCardOp,
  savePricingRuleOp,
} from '@/server/api/operations/price-card';
import { quotePriceOp } from '@/server/api/operations/pricing';
import {
  checkClashesOp,
  createShowtimeOp,
  generateSessionsOp,
  getProgrammeWeekOp,
  saveProgrammeTemplateOp,
  updateShowtimeOp,
} from '@/server/api/operations/programme';
import { createPromoOp, getPromoOp, listPromosOp, updatePromoOp } from '@/server/api/operations/promos';
import {
  downloadReportCsvOp,
  downloadReportXlsxOp,
  getReportOp,
  refreshReportsOp,
} from '@/server/api/operations/reports';
import { listShowtimesOp } from '@/server/api/operations/showtime-listing';
import {
  cancelShowtimeOp,
  getSeatMapOp,
  getWaitlistEntryOp,
  holdBestSeatsOp,
  holdSeatsOp,
  joinWaitlistOp,
  leaveWaitlistOp,
  previewCancelShowtimeOp,
  suggestBestSeatsOp,
} from '@/server/api/operations/showtimes';
import {
  acceptStaffInvitationOp,
  changeStaffRoleOp,
  inviteStaffOp,
  listCinemaStaffOp,
  revokeStaffOp,
  withdrawStaffInvitationOp,
} from '@/server/api/operations/staff';
import {
  expireHoldsOp,
  getHealthOp,
  getLivenessOp,
  getOpenApiDocumentOp,
  getReadinessOp,
  stripeWebhookOp,
} from '@/server/api/operations/system';
import {
  checkInTicketOp,
  getOfflineDoorListOp,
  getScannerWasmOp,
  getShowtimeManifestOp,
  syncOfflineCheckInsOp,
} from '@/server/api/operations/tickets';
import {
  blockSeatsOp,
  createCinemaOp,
  editScreenLayoutOp,
  getCinemaSettingsOp,
  listManagedCinemasOp,
  previewSeatBlockOp,
  updateCinemaOp,
  updateScreenOp,
} from '@/server/api/operations/venues';
import {
  getLatestWalletPassOp,
  listUpdatedWalletPassesOp,
  logWalletMessagesOp,
  registerWalletPassOp,
  unregisterWalletPassOp,
} from '@/server/api/operations/wallet';
import { API_OPERATIONS } from '@/server/api/registry';
import { hashRefreshToken, issueTokenPair } from '@/server/auth/refresh-tokens';
import { decodeToken, viewerFromToken } from '@/server/auth/session';
import { base32Decode, totpAt } from '@/server/auth/totp';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/server/auth/two-factor';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { checkout, startPayment } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import type { ActionResult } from '@/server/http/action';
import { isPosterStored, storePoster } from '@/server/media/posters';
import { posterKeyFor, processPoster } from '@/server/media/process-poster';
import { PAYMENT_PROVIDER } from '@/server/payments';
import type { PaymentProvider } from '@/server/payments/provider';
import { createStripeProvider } from '@/server/payments/stripe';
import { upsertReview } from '@/server/reviews/upsert-review';
import { existingSingleton, setSingleton } from '@/server/singleton';
import { invitationTokenHash, newInvitationToken } from '@/server/staff/staff-roles';
import { scannerWasm } from '@/server/tickets/scanner-wasm';
import { passAuthenticationToken } from '@/server/tickets/wallet-pass';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { registerWalletDevice } from '@/server/wallet/register-wallet-device';
import { createAccount, PASSWORD } from '../support/accounts';
import { bearerFor, call } from '../support/api';
import {
  AUTHORIZATION_MATRIX,
  authorizationMatrixMarkdown,
  CALLER_TITLES,
  CALLERS,
  type Caller,
  type MatrixRow,
  type Outcome,
  type RowId,
} from '../support/authorization-matrix';
import { createCinema, createMovie, createScreen, createShowtime, createUser } from '../support/factories';
import { pngImage } from '../support/images';
import { withSmtpCapture } from '../support/smtp-env';
import { StripeTestServer } from '../support/stripe-server';
import { makeTestWalletCertificates, TEST_PASS_TYPE_ID } from '../support/wallet-certificates';

// The authorization matrix (tests/support/authorization-matrix.ts), cell by cell: every REST route
// handler and every server action, called as each kind of caller, must answer exactly what the
// table says. Each cell is a real call through the real adapter, use case and PostgreSQL; cells
// that change something get their own fresh hold, booking, showtime, ticket or account, and check
// afterwards that a refused call changed nothing (and an allowed one changed only the caller's
// own things). The world: two cinemas, "here" (the resource's) and "elsewhere".

// Server actions and next-auth read the request through next/headers. Outside a Next request the
// test supplies it: the caller's session cookie in, and the cookies the code sets recorded.
const nextHeaders = vi.hoisted(() => {
  const state = { cookie: '', written: new Map<string, string>() };
  const jar = () =>
    state.cookie
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => ({ name: part.slice(0, part.indexOf('=')), value: part.slice(part.indexOf('=') + 1) }));
  const api = {
    headers: async () => new Headers(state.cookie ? { cookie: state.cookie } : {}),
    cookies: async () => ({
      getAll: () => jar(),
      get: (name: string) => jar().find((c) => c.name === name),
      set: (name: string, value: string) => {
        state.written.set(name, value);
      },
      delete: (name: string) => {
        state.written.set(name, '');
      },
    }),
  };
  return { state, api };
});
vi.mock('next/headers', () => nextHeaders.api);
// next-auth's route handler require()s next/headers itself (CommonJS, out of vi.mock's reach).
const requireCjs = createRequire(import.meta.url);
const nextHeadersPath = requireCjs.resolve('next/headers');
const nextHeadersStub = new Module(nextHeadersPath);
nextHeadersStub.filename = nextHeadersPath;
nextHeadersStub.loaded = true;
nextHeadersStub.exports = nextHeaders.api;

const SESSION_COOKIE = 'next-auth.session-token';
const ROOT = path.resolve(import.meta.dirname, '../..');
const smtp = withSmtpCapture();

const ENV = {
  CRON_SECRET: 'cron-secret-for-the-authorization-matrix',
  STRIPE_WEBHOOK_SECRET: 'whsec_authorization_matrix_secret',
  // The owner makes ~60 holds in a few seconds (a fresh one per cell): past the per-user burst guard.
  HOLD_RATE_LIMIT_PER_MINUTE: '0',
  // Only to keep next-auth from warning on every call.
  NEXTAUTH_URL: 'http://localhost:3000',
  // Apple Wallet passes signed with a self-made chain, so the pass cells can answer 200.
  ...makeTestWalletCertificates().env,
} as const;
const savedEnv = new Map<string, string | undefined>();

const CARD = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};
const DAY = 86_400_000;
const uid = () => randomUUID().slice(0, 8);

// ─── Callers ──────────────────────────────────────────────────────────────────

type Account = { id: string; email: string; name: string; role: RoleName; password: string; totp?: Buffer };
type Who = { caller: Caller; user: Account | null; token: string | null };

const SPEC: Record<
  Exclude<Caller, 'anonymous'>,
  { role: RoleName; cinema?: 'here' | 'elsewhere'; twoFactor?: true }
> = {
  owner: { role: 'CUSTOMER' },
  otherCustomer: { role: 'CUSTOMER' },
  staffHere: { role: 'STAFF', cinema: 'here' },
  staffElsewhere: { role: 'STAFF', cinema: 'elsewhere' },
  managerHere: { role: 'MANAGER', cinema: 'here', twoFactor: true },
  managerNo2fa: { role: 'MANAGER', cinema: 'here' },
  managerElsewhere: { role: 'MANAGER', cinema: 'elsewhere', twoFactor: true },
  admin: { role: 'ADMIN', twoFactor: true },
};

async function account(role: RoleName = 'CUSTOMER', password?: string): Promise<Account> {
  const a = await createAccount({ role, password });
  return { id: a.id, email: a.email, name: a.name, role, password: a.password };
}

/** Turns 2FA on exactly as the security page does, with an authenticator computing the codes. */
async function enrolTotp(a: Account): Promise<Buffer> {
  const secret = base32Decode((await startTotpEnrolment({ id: a.id, email: a.email })).manualKey);
  // The previous step's code, so this step's and the next one's are still unused.
  await confirmTotpEnrolment({ actor: a, code: totpAt(secret, Date.now() - 30_000) });
  a.totp = secret;
  return secret;
}

/** A new user of the caller's kind: role, cinema assignment, and 2FA on and passed where it says. */
async function freshWho(caller: Caller): Promise<Who> {
  if (caller === 'anonymous') return { caller, user: null, token: null };
  const spec = SPEC[caller];
  const user = await account(spec.role);
  if (spec.cinema) {
    await db().cinemaStaff.create({
      data: {
        userId: user.id,
        cinemaId: spec.cinema === 'here' ? base.here : base.elsewhere,
        role: spec.role === 'MANAGER' ? 'MANAGER' : 'STAFF',
      },
    });
  }
  if (spec.twoFactor) await enrolTotp(user);
  return { caller, user, token: await bearerFor(user, spec.twoFactor ? { mfa: 'done' } : {}) };
}

// ─── Calling ──────────────────────────────────────────────────────────────────

type Observed = { outcome: Outcome; body: unknown; verify?: () => Promise<void> };
type Handler = Parameters<typeof call>[0];

const allowed = (o: Outcome) => o === 'ok' || (typeof o === 'number' && o >= 200 && o < 400);

async function rest(
  handler: Handler,
  who: Who,
  options: Omit<NonNullable<Parameters<typeof call>[1]>, 'token'> = {},
): Promise<Observed> {
  const r = await call(handler, { ...options, token: who.token ?? undefined });
  return { outcome: r.status, body: r.body };
}

function signIn(who: Who): void {
  nextHeaders.state.cookie = who.token ? `${SESSION_COOKIE}=${who.token}` : '';
  nextHeaders.state.written.clear();
}

async function act<I, R>(
  fn: (input: I) => Promise<ActionResult<R>>,
  who: Who,
  input: I,
): Promise<Observed & { data?: R; session?: string }> {
  signIn(who);
  const r = await fn(input);
  const session = nextHeaders.state.written.get(SESSION_COOKIE);
  return r.ok
    ? { outcome: 'ok', body: r.data, data: r.data, session }
    : { outcome: r.error.code, body: r.error, session };
}

async function nextAuth(
  handler: typeof nextauthRoute.GET,
  who: Who,
  segments: string[],
  form?: Record<string, string>,
): Promise<Observed & { location: string | null; setCookies: string[] }> {
  signIn(who);
  const headers = new Headers(nextHeaders.state.cookie ? { cookie: nextHeaders.state.cookie } : {});
  if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
  const req = new NextRequest(`http://localhost:3000/api/auth/${segments.join('/')}`, {
    method: form ? 'POST' : 'GET',
    headers,
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const res = await handler(req, { params: Promise.resolve({ nextauth: segments }) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a redirect has no JSON body
  }
  return {
    outcome: res.status,
    body,
    location: res.headers.get('location'),
    setCookies: res.headers.getSetCookie(),
  };
}

/** A new refresh token of the token account (its own sign-in), issued as POST /auth/token does. */
async function freshRefreshToken(): Promise<string> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: w.tokenAccount.id },
    select: { id: true, name: true, email: true, role: true, sessionVersion: true },
  });
  return (await db().$transaction((tx) => issueTokenPair(tx, { user, mfaPassed: false }))).refreshToken;
}

/** Signed out everywhere (session version bumped, the caller's token refused) only if allowed. */
async function expectSignedOutEverywhere(who: Who, wasAllowed: boolean): Promise<void> {
  if (!who.user) return;
  const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: who.user.id } });
  expect(sessionVersion).toBe(wasAllowed ? 1 : 0);
  const viewer = await viewerFromToken(await decodeToken(who.token ?? undefined));
  expect(viewer === null).toBe(wasAllowed);
}

// ─── The world ────────────────────────────────────────────────────────────────

type Show = { id: string; seatIds: string[] };
type Ticket = { id: string; qr: string };

let base: { here: string; elsewhere: string; movieId: string; movieSlug: string };
let w: {
  who: Record<Caller, Who>;
  owner: Account;
  /** Holds seats of sold-out showtimes, so that joining their waitlists makes sense. */
  fillerId: string;
  /** A showtime at "here" where the owner has a booking and an active hold. */
  show: Show;
  booking: string;
  hold: { holdId: string; seatIds: string[] };
  /** The owner's tickets for a show about to start, one per caller, for each check-in row. */
  tickets: { rest: Ticket[]; action: Ticket[] };
  /** A show whose doors are open, with one ticket per caller for each offline sync row. */
  offline: { showId: string; rest: Ticket[]; action: Ticket[] };
  /** A sold-out showtime with the owner in line. */
  waitingShowId: string;
  /** One film per review row, so one row's reviews never meet another's. */
  films: { restPost: string; save: string; remove: string };
  tokenAccount: Account;
  /** A refund of the owner's booking at "here" that the payment provider gave up on. */
  failedRefund: string;
  /** A booking of the owner's at "here" cancelled with a refund, and the number of its GST credit note. */
  creditNote: { reference: string; number: string };
  /** A screen at "here" for programme reads. */
  screens: { here: string };
  /** A film with a showtime to come at "here" (added by nobody in the matrix), and a stored poster. */
  filmHere: { id: string; slug: string };
  /** A promo code restricted to the cinema here. */
  promoHere: { id: string; code: string };
  posterFile: string;
};

// Stripe's Payment Element rows run against a local Stripe API (tests/support/stripe-server.ts),
// with the Stripe provider put in place for the length of one call.
let stripeApi: StripeTestServer;
async function withStripe<T>(fn: () => Promise<T>): Promise<T> {
  const saved = existingSingleton<PaymentProvider>(PAYMENT_PROVIDER);
  setSingleton(PAYMENT_PROVIDER, createStripeProvider('sk_test_local', stripeApi.client()));
  try {
    return await fn();
  } finally {
    setSingleton(PAYMENT_PROVIDER, saved);
  }
}

async function freshShow(options: { rows?: number; cols?: number; startsAt?: Date } = {}): Promise<Show> {
  const { screen, seats } = await createScreen({
    cinemaId: base.here,
    rows: options.rows ?? 1,
    cols: options.cols ?? 4,
  });
  const showtime = await createShowtime({
    screenId: screen.id,
    movieId: base.movieId,
    startsAt: options.startsAt ?? new Date(Date.now() + 2 * DAY),
  });
  return { id: showtime.id, seatIds: seats.map((s) => s.id) };
}

async function book(userId: string, showtimeId: string, seatIds: string[]) {
  const hold = await holdSeats({ userId, showtimeId, seatIds });
  return (await checkout({ userId, holdId: hold.holdId, payment: CARD, idempotencyKey: randomUUID() }))
    .booking;
}

/** A new active hold of the owner's, on a showtime of its own. */
async function ownerHold(): Promise<string> {
  const show = await freshShow();
  return (await holdSeats({ userId: w.owner.id, showtimeId: show.id, seatIds: [show.seatIds[0]!] })).holdId;
}

/** A new confirmed booking of the owner's, still cancellable. */
async function ownerBooking(): Promise<string> {
  const show = await freshShow();
  return (await book(w.owner.id, show.id, [show.seatIds[0]!])).reference;
}

/**
 * A booking of the owner's cancelled with a refund while "here" had a GSTIN (so its invoice is a tax
 * invoice and the refund issued a credit note); "here" has none again afterwards, as other rows expect.
 */
async function creditNotedBooking(): Promise<{ reference: string; number: string }> {
  const reference = await ownerBooking();
  await db().cinema.update({ where: { id: base.here }, data: { gstin: '27AABCM4821K1ZF' } });
  await cancelBooking({
    reference,
    viewer: {
      id: w.owner.id,
      name: w.owner.name,
      email: w.owner.email,
      role: 'CUSTOMER',
      staffCinemaIds: [],
      managedCinemaIds: [],
    },
  });
  await db().cinema.update({ where: { id: base.here }, data: { gstin: null } });
  const note = await db().creditNote.findFirstOrThrow({
    where: { booking: { reference } },
    select: { creditNoteNumber: true },
  });
  return { reference, number: creditNoteSlug(note.creditNoteNumber) };
}

/** A refund of a new booking of the owner's, FAILED after every retry (as the provider left it). */
async function failedRefund(): Promise<string> {
  const reference = await ownerBooking();
  const booking = await db().booking.findUniqueOrThrow({
    where: { reference },
    select: { id: true, payments: { select: { id: true } } },
  });
  const refund = await db().refund.create({
    data: {
      paymentId: booking.payments[0]!.id,
      bookingId: booking.id,
      amountMinor: 100,
      reason: 'goodwill',
      status: 'FAILED',
      attempts: 6,
      lastError: 'the card was closed',
    },
  });
  return refund.id;
}

async function soldOutShow(): Promise<string> {
  const show = await freshShow({ cols: 1 });
  await holdSeats({ userId: w.fillerId, showtimeId: show.id, seatIds: show.seatIds });
  return show.id;
}

async function ownerInLine(): Promise<string> {
  const showtimeId = await soldOutShow();
  await joinWaitlist({ userId: w.owner.id, showtimeId, seats: 1 });
  return showtimeId;
}

const holdStatus = async (id: string) =>
  (await db().seatHold.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const bookingStatus = async (reference: string) =>
  (await db().booking.findUniqueOrThrow({ where: { reference }, select: { status: true } })).status;
const showStatus = async (id: string) =>
  (await db().showtime.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const reviewOf = (userId: string, slug: string) =>
  db().review.findFirst({
    where: { userId, movie: { slug } },
    select: { rating: true, title: true, updatedAt: true },
  });
const waitlistOf = (userId: string, showtimeId: string) =>
  db().waitlistEntry.findMany({ where: { userId, showtimeId }, select: { status: true } });

beforeAll(async () => {
  for (const [key, value] of Object.entries(ENV)) {
    savedEnv.set(key, process.env[key]);
    process.env[key] = value;
  }
  refreshEnv();
  requireCjs.cache[nextHeadersPath] = nextHeadersStub;

  const here = await createCinema({ orphanSeatRule: false });
  const elsewhere = await createCinema({ orphanSeatRule: false });
  const movie = await createMovie();
  base = { here: here.id, elsewhere: elsewhere.id, movieId: movie.id, movieSlug: movie.slug };

  const who = {} as Record<Caller, Who>;
  for (const caller of CALLERS) who[caller] = await freshWho(caller);
  const owner = who.owner.user!;
  w = { who, owner, fillerId: (await createUser()).id } as typeof w;

  w.show = await freshShow({ cols: 8 });
  w.booking = (await book(owner.id, w.show.id, w.show.seatIds.slice(0, 2))).reference;
  const hold = await holdSeats({ userId: owner.id, showtimeId: w.show.id, seatIds: [w.show.seatIds[4]!] });
  w.hold = { holdId: hold.holdId, seatIds: [w.show.seatIds[4]!] };

  // Doors open 90 minutes before the show: this one starts in 30.
  const soon = await freshShow({ rows: 2, cols: 10, startsAt: new Date(Date.now() + 30 * 60_000) });
  const ticketsFor = async (seats: string[]) =>
    (await book(owner.id, soon.id, seats)).tickets.map((t) => ({ id: t.id, qr: t.qr }));
  w.tickets = {
    rest: await ticketsFor(soon.seatIds.slice(0, CALLERS.length)),
    action: await ticketsFor(soon.seatIds.slice(10, 10 + CALLERS.length)),
  };
  const soon2 = await freshShow({ rows: 2, cols: 10, startsAt: new Date(Date.now() + 30 * 60_000) });
  const offlineTickets = async (seats: string[]) =>
    (await book(owner.id, soon2.id, seats)).tickets.map((t) => ({ id: t.id, qr: t.qr }));
  w.offline = {
    showId: soon2.id,
    rest: await offlineTickets(soon2.seatIds.slice(0, CALLERS.length)),
    action: await offlineTickets(soon2.seatIds.slice(10, 10 + CALLERS.length)),
  };

  w.waitingShowId = await ownerInLine();
  const films = await Promise.all([createMovie(), createMovie(), createMovie()]);
  w.films = { restPost: films[0].slug, save: films[1].slug, remove: films[2].slug };
  for (const slug of [w.films.restPost, w.films.save]) {
    await upsertReview({ slug, userId: owner.id, rating: 5, title: 'by owner', body: null });
  }
  w.tokenAccount = await account();
  w.failedRefund = await failedRefund();
  w.creditNote = await creditNotedBooking();
  w.screens = { here: (await createScreen({ cinemaId: base.here, rows: 1, cols: 2 })).screen.id };
  const filmHere = await createMovie();
  const { screen: filmScreen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 1 });
  await createShowtime({ screenId: filmScreen.id, movieId: filmHere.id });
  w.filmHere = { id: filmHere.id, slug: filmHere.slug };
  const promoHere = await db().promoCode.create({
    data: {
      code: `HERE${uid().toUpperCase()}`,
      description: 'the code for here',
      kind: 'PERCENT',
      value: 1000,
      validFrom: new Date(Date.now() - DAY),
      validUntil: new Date(Date.now() + DAY),
      cinemas: { create: [{ cinemaId: base.here }] },
    },
  });
  w.promoHere = { id: promoHere.id, code: promoHere.code };
  const poster = await processPoster(await pngImage(300, 450));
  await storePoster(poster);
  w.posterFile = `${poster.key}-320.webp`;
  stripeApi = await new StripeTestServer().start();
});

afterAll(async () => {
  await stripeApi?.stop();
  delete requireCjs.cache[nextHeadersPath];
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  refreshEnv();
});

// ─── Box office: tills and counter sales at "here" ─────────────────────────────

/** The user's open till at "here" (made directly: which callers may open one is a row of its own). */
async function openTillFor(userId: string): Promise<string> {
  const open = await db().till.findFirst({
    where: { userId, cinemaId: base.here, closedAt: null },
    select: { id: true },
  });
  if (open) return open.id;
  return (
    await db().till.create({
      data: { userId, cinemaId: base.here, openingFloatMinor: 0 },
      select: { id: true },
    })
  ).id;
}

/** A new member of staff at "here" (a seller who is none of the callers). */
async function staffAtHere(): Promise<string> {
  const user = await createUser({ role: 'STAFF' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId: base.here, role: 'STAFF' } });
  return user.id;
}

let counterSeller: string | undefined;

/** A booking sold at the counter at "here" by `sellerId` (staff there), paid on the card terminal. */
async function counterSale(sellerId: string): Promise<string> {
  const show = await freshShow();
  const hold = await holdSeats({ userId: sellerId, showtimeId: show.id, seatIds: [show.seatIds[0]!] });
  await openTillFor(sellerId);
  const sale = await sellAtCounter({
    viewer: {
      id: sellerId,
      name: 'Seller',
      email: null,
      role: 'STAFF',
      staffCinemaIds: [base.here],
      managedCinemaIds: [],
    },
    holdId: hold.holdId,
    method: 'CARD_TERMINAL',
    reference: 'SLIP-1',
  });
  return sale.reference;
}

/** Each caller sells a hold of their own (anonymous: the owner's) into their own till at "here". */
const counterSell = (target: unknown, send: (who: Who, holdId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const show = await freshShow();
    const hold = await holdSeats({
      userId: who.user?.id ?? w.owner.id,
      showtimeId: show.id,
      seatIds: [show.seatIds[0]!],
    });
    if (who.user) await openTillFor(who.user.id);
    const r = await send(who, hold.holdId);
    return {
      ...r,
      verify: async () => {
        expect(await holdStatus(hold.holdId)).toBe(allowed(r.outcome) ? 'CONVERTED' : 'ACTIVE');
        expect(await db().payment.count({ where: { holdId: hold.holdId, provider: 'counter' } })).toBe(
          allowed(r.outcome) ? 1 : 0,
        );
      },
    };
  },
});

/** A counter sale per cell (staff here: their own sale; otherwise another seller's): refunded only if allowed. */
const counterRefund = (
  target: unknown,
  send: (who: Who, reference: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    counterSeller ??= await staffAtHere();
    const reference = await counterSale(c === 'staffHere' && who.user ? who.user.id : counterSeller);
    const r = await send(who, reference);
    return {
      ...r,
      verify: async () => {
        expect(await bookingStatus(reference)).toBe(allowed(r.outcome) ? 'CANCELLED' : 'CONFIRMED');
        const refunds = await db().refund.count({ where: { booking: { reference } } });
        expect(refunds).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** A counter sale at "here" whose refund waits for the counter (as a cancelled show leaves it). */
const counterRefundOwed = (
  target: unknown,
  send: (who: Who, refundId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    counterSeller ??= await staffAtHere();
    const reference = await counterSale(counterSeller);
    const payment = await db().payment.findFirstOrThrow({
      where: { booking: { reference }, provider: 'counter' },
      select: { id: true, bookingId: true, amountMinor: true },
    });
    const refund = await db().refund.create({
      data: {
        paymentId: payment.id,
        bookingId: payment.bookingId,
        amountMinor: payment.amountMinor,
        reason: 'Show cancelled',
        status: 'FAILED',
        attempts: 1,
      },
      select: { id: true },
    });
    const r = await send(w.who[c], refund.id);
    return {
      ...r,
      verify: async () => {
        const after = await db().refund.findUniqueOrThrow({
          where: { id: refund.id },
          select: { status: true },
        });
        const audits = await db().auditLog.count({
          where: { action: 'refund.paid-at-counter', entityId: refund.id },
        });
        expect([after.status, audits]).toEqual(allowed(r.outcome) ? ['SUCCEEDED', 1] : ['FAILED', 0]);
      },
    };
  },
});

/** The caller's open till at "here" is closed first; a new one is open afterwards only if allowed. */
const tillOpen = (target: unknown, send: (who: Who) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    if (who.user) {
      await db().till.updateMany({
        where: { userId: who.user.id, cinemaId: base.here, closedAt: null },
        data: { closedAt: new Date(), countedMinor: 0, expectedMinor: 0 },
      });
    }
    const r = await send(who);
    return {
      ...r,
      verify: async () => {
        if (!who.user) return;
        const open = await db().till.count({
          where: { userId: who.user.id, cinemaId: base.here, closedAt: null },
        });
        expect(open).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** An open till at "here" per cell (staff here: their own; otherwise another seller's): closed only if allowed. */
const tillClose = (target: unknown, send: (who: Who, tillId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const tillId = await openTillFor(c === 'staffHere' && who.user ? who.user.id : await staffAtHere());
    const r = await send(who, tillId);
    return {
      ...r,
      verify: async () => {
        const till = await db().till.findUniqueOrThrow({ where: { id: tillId }, select: { closedAt: true } });
        expect(till.closedAt !== null).toBe(allowed(r.outcome));
      },
    };
  },
});

// ─── One runner per row: the call it makes, and what it checks afterwards ───────

type Runner = { target: unknown; run: (caller: Caller) => Promise<Observed> };

/** Sent by every caller to user-scoped endpoints: a body naming the owner must not act as the owner. */
const asOwner = () => ({ userId: w.owner.id });

const publicGet = (handler: Handler, urlPath: string): Runner => ({
  target: handler,
  run: (c) => rest(handler, w.who[c], { path: urlPath }),
});

const cron = (authorization: (who: Who) => string | undefined): Runner => ({
  target: expireHoldsOp,
  run: async (c) => {
    const who = w.who[c];
    const headers: Record<string, string> = {};
    const given = authorization(who);
    if (given) headers.authorization = given;
    if (who.token) headers.cookie = `${SESSION_COOKIE}=${who.token}`;
    const r = await call(expireHoldsOp, { method: 'POST', path: '/api/cron/expire-holds', headers });
    return { outcome: r.status, body: r.body };
  },
});

const bookingRead = (handler: Handler, check: (body: unknown) => void | Promise<void>): Runner => ({
  target: handler,
  run: async (c) => {
    const r = await rest(handler, w.who[c], { params: { reference: w.booking } });
    return { ...r, verify: async () => (allowed(r.outcome) ? check(r.body) : undefined) };
  },
});

const stripe = (signature: (payload: string) => string): Runner => ({
  target: stripeWebhookOp,
  run: async (c) => {
    const payload = JSON.stringify({
      id: `evt_${uid()}`,
      object: 'event',
      type: 'customer.created',
      data: { object: { id: 'cus_matrix', object: 'customer' } },
    });
    const r = await rest(stripeWebhookOp, w.who[c], {
      method: 'POST',
      body: payload,
      headers: { 'stripe-signature': signature(payload) },
    });
    return {
      ...r,
      verify: async () => (allowed(r.outcome) ? expect(r.body).toEqual({ received: true }) : undefined),
    };
  },
});

/**
 * Apple Wallet's web service: the pass's own token (or the other ticket's, for the "wrong" rows) in
 * `Authorization: ApplePass`, and the caller's session riding along as a cookie, which must change
 * nothing. A fresh device per cell, registered first where the row needs a registration.
 */
const wallet = (
  target: Operation,
  send: (ctx: {
    serial: string;
    device: string;
    headers: Record<string, string>;
  }) => Promise<Awaited<ReturnType<typeof call>>>,
  options: { wrongToken?: boolean; registered?: boolean } = {},
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const [serial, other] = (
      await db().ticket.findMany({
        where: { booking: { reference: w.booking } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: 2,
      })
    ).map((t) => t.id) as [string, string | undefined];
    const device = randomBytes(10).toString('hex');
    const token = (s: string) => `ApplePass ${passAuthenticationToken(s)}`;
    if (options.registered) {
      await registerWalletDevice({
        deviceLibraryId: device,
        passTypeId: TEST_PASS_TYPE_ID,
        serialNumber: serial,
        pushToken: randomBytes(32).toString('hex'),
        authorization: token(serial),
      });
    }
    const headers: Record<string, string> = {
      // Another pass's token, or (a booking of one ticket) a token for no pass at all.
      authorization: options.wrongToken ? token(other ?? randomUUID()) : token(serial),
    };
    if (who.token) headers.cookie = `${SESSION_COOKIE}=${who.token}`;
    const r = await send({ serial, device, headers });
    return { outcome: r.status, body: r.body };
  },
});

/** The owner's review of the row's film stays as it was; the caller's own review is what changed. */
const reviewWrite = (
  target: unknown,
  slug: () => string,
  send: (who: Who, review: { rating: number; title: string }) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const before = await reviewOf(w.owner.id, slug());
    const review = c === 'owner' ? { rating: 4, title: 'owner again' } : { rating: 1, title: `by ${c}` };
    const r = await send(who, review);
    return {
      ...r,
      verify: async () => {
        if (c === 'owner') return void expect(await reviewOf(w.owner.id, slug())).toMatchObject(review);
        expect(await reviewOf(w.owner.id, slug())).toEqual(before);
        if (who.user) expect(await reviewOf(who.user.id, slug())).toMatchObject(review);
      },
    };
  },
});

/** A fresh showtime at "here" per cell: cancelled only if the answer allowed it. */
const showtimeCancel = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const show = await freshShow();
    const r = await send(w.who[c], show.id);
    return {
      ...r,
      verify: async () =>
        expect(await showStatus(show.id)).toBe(allowed(r.outcome) ? 'CANCELLED' : 'SCHEDULED'),
    };
  },
});

/**
 * The preview of cancelling the shared show: the owner's booking and its total for those allowed;
 * for everyone, the show still on sale and its bookings untouched.
 */
const cancelPreview = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const r = await send(w.who[c], w.show.id);
    return {
      ...r,
      verify: async () => {
        expect(await showStatus(w.show.id)).toBe('SCHEDULED');
        const booked = await db().booking.findMany({
          where: { showtimeId: w.show.id, status: 'CONFIRMED' },
          select: { totalMinor: true, _count: { select: { tickets: true } } },
        });
        expect(booked.length).toBeGreaterThan(0);
        if (!allowed(r.outcome)) return;
        expect(r.body).toMatchObject({
          showtimeId: w.show.id,
          bookings: booked.length,
          tickets: booked.reduce((n, b) => n + b._count.tickets, 0),
          refundMinor: booked.reduce((n, b) => n + b.totalMinor, 0),
        });
      },
    };
  },
});

/** One of the owner's tickets per cell: admitted (by this caller) only if the answer allowed it. */
const checkIn = (
  target: unknown,
  tickets: () => Ticket[],
  send: (who: Who, qr: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const ticket = tickets()[CALLERS.indexOf(c)]!;
    const who = w.who[c];
    const r = await send(who, ticket.qr);
    return {
      ...r,
      verify: async () => {
        const row = await db().ticket.findUniqueOrThrow({
          where: { id: ticket.id },
          select: { status: true, checkedInById: true },
        });
        expect(row).toEqual(
          allowed(r.outcome)
            ? { status: 'CHECKED_IN', checkedInById: who.user?.id }
            : { status: 'VALID', checkedInById: null },
        );
      },
    };
  },
});

/** A door list taken for offline use: allowed calls leave one audit record, refused ones none. */
const offlineDownload = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const downloads = () =>
      db().auditLog.count({
        where: { action: 'door-list.downloaded', entityId: w.offline.showId, actorId: who.user?.id ?? null },
      });
    const before = await downloads();
    const r = await send(who, w.offline.showId);
    return {
      ...r,
      verify: async () => {
        expect((await downloads()) - before).toBe(allowed(r.outcome) && who.user ? 1 : 0);
        if (!allowed(r.outcome)) return;
        const list = r.body as { tickets: Record<string, unknown>[] };
        expect(list.tickets).toHaveLength(2 * CALLERS.length);
        expect(list.tickets.every((t) => !('email' in t))).toBe(true);
      },
    };
  },
});

/** One offline scan of `qr`, as a door device sends it when back online. */
const offlineScans = (qr: string) => [
  { id: randomUUID(), qr, door: 'Door 9', scannedAt: new Date().toISOString() },
];

/** A fresh hold of the owner's per cell: gone (converted or released) only if the answer allowed it. */
const ownerHoldChange = (
  target: unknown,
  after: 'CONVERTED' | 'RELEASED',
  send: (who: Who, holdId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const holdId = await ownerHold();
    const r = await send(w.who[c], holdId);
    return {
      ...r,
      verify: async () => expect(await holdStatus(holdId)).toBe(allowed(r.outcome) ? after : 'ACTIVE'),
    };
  },
});

/** A fresh hold of the owner's per cell: a Stripe payment is started for it only if allowed. */
const paymentStart = (target: unknown, send: (who: Who, holdId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const holdId = await ownerHold();
    const r = await withStripe(() => send(w.who[c], holdId));
    return {
      ...r,
      verify: async () =>
        expect(await db().payment.count({ where: { holdId, status: 'PENDING', provider: 'stripe' } })).toBe(
          allowed(r.outcome) ? 1 : 0,
        ),
    };
  },
});

/** The owner started paying with Stripe and the browser confirmed: only an allowed call books it. */
const paymentConfirm = (
  target: unknown,
  send: (who: Who, paymentId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const holdId = await ownerHold();
    const started = await withStripe(() => startPayment({ userId: w.owner.id, holdId }));
    if (started.status !== 'requires_confirmation') throw new Error('expected a PaymentIntent to confirm');
    const { providerRef } = await db().payment.findUniqueOrThrow({
      where: { id: started.paymentId },
      select: { providerRef: true },
    });
    stripeApi.confirmInBrowser(providerRef ?? '', 'pm_card_visa');
    const r = await withStripe(() => send(w.who[c], started.paymentId));
    return {
      ...r,
      verify: async () => expect(await holdStatus(holdId)).toBe(allowed(r.outcome) ? 'CONVERTED' : 'ACTIVE'),
    };
  },
});

/** A FAILED refund at "here" per cell: sent again (and refunded by the sandbox) only if allowed. */
const refundRetry = (target: unknown, send: (who: Who, refundId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const refundId = await failedRefund();
    const r = await send(w.who[c], refundId);
    return {
      ...r,
      verify: async () =>
        expect(
          (await db().refund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true } })).status,
        ).toBe(allowed(r.outcome) ? 'SUCCEEDED' : 'FAILED'),
    };
  },
});

/** A fresh booking of the owner's per cell: cancelled only if the answer allowed it. */
const bookingCancel = (
  target: unknown,
  send: (who: Who, reference: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const reference = await ownerBooking();
    const r = await send(w.who[c], reference);
    return {
      ...r,
      verify: async () =>
        expect(await bookingStatus(reference)).toBe(allowed(r.outcome) ? 'CANCELLED' : 'CONFIRMED'),
    };
  },
});

/** A fresh showtime per cell; a hold made is the caller's own. */
const holdCreate = (target: unknown, send: (who: Who, show: Show) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const show = await freshShow();
    const r = await send(who, show);
    return {
      ...r,
      verify: async () => {
        const holders = await db().seatHold.findMany({
          where: { showtimeId: show.id },
          select: { userId: true },
        });
        expect(holders.map((h) => h.userId)).toEqual(allowed(r.outcome) && who.user ? [who.user.id] : []);
      },
    };
  },
});

/** A fresh sold-out showtime per cell; a place in line taken is the caller's own. */
const waitlistJoin = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const showtimeId = await soldOutShow();
    const r = await send(who, showtimeId);
    return {
      ...r,
      verify: async () => {
        const entries = await db().waitlistEntry.findMany({
          where: { showtimeId },
          select: { userId: true },
        });
        expect(entries.map((e) => e.userId)).toEqual(allowed(r.outcome) && who.user ? [who.user.id] : []);
      },
    };
  },
});

/** The owner in line on a fresh sold-out showtime per cell: out of line only if the caller is the owner. */
const waitlistLeave = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const showtimeId = await ownerInLine();
    const r = await send(w.who[c], showtimeId);
    return {
      ...r,
      verify: async () =>
        expect(await waitlistOf(w.owner.id, showtimeId)).toEqual([
          { status: c === 'owner' ? 'CANCELLED' : 'WAITING' },
        ]),
    };
  },
});

// ─── Programming: sessions at "here" ─────────────────────────────────────────────

const PROGRAMME_PRICES = [{ category: 'STANDARD' as const, priceMinor: 20_000 }];
/** A local date some days ahead in the cinemas' zone, and a time then: always in the future. */
const RETIME = { date: localDateAt(new Date(Date.now() + 3 * DAY), 'Asia/Kolkata'), time: '03:17' };

/** A read of the programme of "here": an allowed answer is about that cinema. */
const programmeRead = (
  target: unknown,
  send: (who: Who) => Promise<Observed>,
  check: (body: unknown) => void,
): Runner => ({
  target,
  run: async (c) => {
    const r = await send(w.who[c]);
    return { ...r, verify: async () => (allowed(r.outcome) ? check(r.body) : undefined) };
  },
});

/** A fresh screen at "here" per cell: a session is added to it, and audited, only if allowed. */
const sessionCreate = (target: unknown, send: (who: Who, screenId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 4 });
    const r = await send(w.who[c], screen.id);
    return {
      ...r,
      verify: async () => {
        const ids = (
          await db().showtime.findMany({ where: { screenId: screen.id }, select: { id: true } })
        ).map((x) => x.id);
        const audits = await db().auditLog.count({
          where: { action: 'showtime.created', entityId: { in: ids } },
        });
        expect([ids.length, audits]).toEqual(allowed(r.outcome) ? [1, 1] : [0, 0]);
      },
    };
  },
});

/** A fresh unsold session at "here" per cell: retimed to RETIME, and audited, only if allowed. */
const sessionUpdate = (
  target: unknown,
  send: (who: Who, showtimeId: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const show = await freshShow();
    const startsAt = async () =>
      (await db().showtime.findUniqueOrThrow({ where: { id: show.id }, select: { startsAt: true } }))
        .startsAt;
    const before = await startsAt();
    const r = await send(w.who[c], show.id);
    return {
      ...r,
      verify: async () => {
        const audits = await db().auditLog.count({ where: { action: 'showtime.moved', entityId: show.id } });
        if (allowed(r.outcome)) {
          expect(await startsAt()).toEqual(zonedInstant(RETIME.date, 3 * 60 + 17, 'Asia/Kolkata'));
          expect(audits).toBe(1);
        } else {
          expect(await startsAt()).toEqual(before);
          expect(audits).toBe(0);
        }
      },
    };
  },
});

/** Sessions made from a plan take their prices from the card: one for every format and part of the day. */
async function hereHasPriceCard() {
  await db().priceCardEntry.createMany({
    data: (['TWO_D', 'THREE_D', 'IMAX', 'FOUR_DX'] as const).flatMap((format) =>
      (['MATINEE', 'EVENING', 'NIGHT'] as const).map((dayPart) => ({
        cinemaId: base.here,
        category: 'STANDARD' as const,
        format,
        dayPart,
        priceMinor: 20_000,
      })),
    ),
    skipDuplicates: true,
  });
}

/**
 * A fresh screen at "here" per cell, and a plan of one session on it: written, with one audit
 * record naming the screen, only if allowed.
 */
const sessionsGenerate = (
  target: unknown,
  send: (who: Who, plan: GeneratePlan) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 4 });
    await hereHasPriceCard();
    const r = await send(w.who[c], {
      movieIds: [base.movieId],
      screenIds: [screen.id],
      from: RETIME.date,
      until: RETIME.date,
      starts: { kind: 'times', times: ['10:00'] },
    });
    return {
      ...r,
      verify: async () => {
        const sessions = await db().showtime.count({ where: { screenId: screen.id } });
        const audits = await db().auditLog.count({
          where: {
            action: 'programme.generated',
            after: { path: ['plan', 'screenIds'], array_contains: [screen.id] },
          },
        });
        expect([sessions, audits]).toEqual(allowed(r.outcome) ? [1, 1] : [0, 0]);
      },
    };
  },
});

/** A fresh screen at "here" per cell: it gets a rolling template (and sessions), audited, only if allowed. */
const templateSave = (target: unknown, send: (who: Who, screenId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 4 });
    await hereHasPriceCard();
    const r = await send(w.who[c], screen.id);
    return {
      ...r,
      verify: async () => {
        const [templates, sessions, audits] = await Promise.all([
          db().programmeTemplate.count({ where: { screenId: screen.id } }),
          db().showtime.count({ where: { screenId: screen.id } }),
          db().auditLog.count({ where: { action: 'programme-template.created', entityId: screen.id } }),
        ]);
        if (allowed(r.outcome)) expect([templates, sessions > 0, audits]).toEqual([1, true, 1]);
        else expect([templates, sessions, audits]).toEqual([0, 0, 0]);
      },
    };
  },
});
/**
 * Each cell sets a price of its own on the card of "here" (a night 4DX Recliner price, its value
 * unique to the cell): it is there, audited, only if allowed.
 */
let cardCell = 0;
const cardSave = (
  target: unknown,
  send: (
    who: Who,
    entry: { category: 'RECLINER'; format: 'FOUR_DX'; dayPart: 'NIGHT'; priceMinor: number },
  ) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    cardCell += 1;
    const entry = {
      category: 'RECLINER' as const,
      format: 'FOUR_DX' as const,
      dayPart: 'NIGHT' as const,
      priceMinor: 90_000 + cardCell * 100,
    };
    const key = {
      cinemaId: base.here,
      category: entry.category,
      format: entry.format,
      dayPart: entry.dayPart,
    };
    const before = await db().priceCardEntry.findUnique({ where: { cinemaId_category_format_dayPart: key } });
    const audits = () =>
      db().auditLog.count({ where: { action: 'price-card.updated', entityId: base.here } });
    const auditsBefore = await audits();
    const r = await send(w.who[c], entry);
    return {
      ...r,
      verify: async () => {
        const after = await db().priceCardEntry.findUnique({
          where: { cinemaId_category_format_dayPart: key },
        });
        if (allowed(r.outcome)) {
          expect(after?.priceMinor).toBe(entry.priceMinor);
          expect(await audits()).toBe(auditsBefore + 1);
        } else {
          expect(after?.priceMinor).toBe(before?.priceMinor);
          expect(await audits()).toBe(auditsBefore);
        }
      },
    };
  },
});
const hasCard = (body: unknown) => expect((body as { cinema?: { id: string } }).cinema?.id).toBe(base.here);

/** Each cell adds a rule named for the cell to "here": it is there, audited, only if allowed. */
const ruleSave = (target: unknown, send: (who: Who, name: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const name = `Matrix ${c} ${randomUUID().slice(0, 8)}`;
    const r = await send(w.who[c], name);
    return {
      ...r,
      verify: async () => {
        const rules = await db().pricingRule.findMany({
          where: { name },
          select: { id: true, cinemaId: true },
        });
        const audits = await db().auditLog.count({
          where: { action: 'pricing-rule.created', entityId: { in: rules.map((x) => x.id) } },
        });
        expect([rules.map((x) => x.cinemaId), audits]).toEqual(
          allowed(r.outcome) ? [[base.here], 1] : [[], 0],
        );
      },
    };
  },
});
/**
 * Each caller deletes a rule made for it, of "here" or (cinemaId null) of every cinema; inactive,
 * so that it prices nothing while it exists. Refused: the rule and no audit remain.
 */
const ruleDelete =
  (scope: 'here' | 'every cinema') =>
  (target: unknown, send: (who: Who, ruleId: string) => Promise<Observed>): Runner => ({
    target,
    run: async (c) => {
      const cinemaId = scope === 'here' ? base.here : null;
      const rule = await db().pricingRule.create({
        data: {
          cinemaId,
          name: `Matrix delete ${cinemaId ?? 'global'} ${c}`,
          kind: 'DAY_OF_WEEK',
          adjustmentBps: 100,
          daysOfWeek: [7],
          active: false,
        },
        select: { id: true },
      });
      const r = await send(w.who[c], rule.id);
      return {
        ...r,
        verify: async () => {
          const left = await db().pricingRule.count({ where: { id: rule.id } });
          const audits = await db().auditLog.count({
            where: { action: 'pricing-rule.deleted', entityId: rule.id },
          });
          expect([left, audits]).toEqual(allowed(r.outcome) ? [0, 1] : [1, 0]);
        },
      };
    },
  });
/** Rules of every cinema: only an admin adds or deletes one; anyone else leaves no trace. */
const globalRuleSave = (target: unknown, send: (who: Who, name: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const name = `Matrix global ${c} ${randomUUID().slice(0, 8)}`;
    const r = await send(w.who[c], name);
    return {
      ...r,
      verify: async () => {
        const rules = await db().pricingRule.findMany({
          where: { name },
          select: { id: true, cinemaId: true },
        });
        const audits = await db().auditLog.count({
          where: { action: 'pricing-rule.created', entityId: { in: rules.map((x) => x.id) } },
        });
        expect([rules.map((x) => x.cinemaId), audits]).toEqual(allowed(r.outcome) ? [[null], 1] : [[], 0]);
      },
    };
  },
});
const weekendRule = (name: string) => ({
  rule: { kind: 'DAY_OF_WEEK' as const, name, adjustmentBps: 500, daysOfWeek: [6, 7], active: false },
});
const seatPreview = {
  category: 'STANDARD' as const,
  format: 'TWO_D' as const,
  date: '2026-12-26',
  time: '18:30',
  occupancyBps: 5000,
};
const hasDayPart = (body: unknown) => expect((body as { dayPart?: string }).dayPart).toBe('EVENING');
const hasRules = (body: unknown) => expect(Array.isArray((body as { rules?: unknown }).rules)).toBe(true);

const TEMPLATE = {
  movieIds: [] as string[],
  firstShow: '10:00',
  lastStart: '20:00',
  daysAhead: 3,
  active: true,
};

const sessionFields = (screenId: string) => ({
  screenId,
  movieId: base.movieId,
  date: RETIME.date,
  time: '10:00',
  language: 'Hindi',
  format: 'TWO_D' as const,
  prices: PROGRAMME_PRICES,
});
const clashQuery = () => ({
  screenId: w.screens.here,
  movieId: base.movieId,
  date: RETIME.date,
  time: '10:00',
});
const isHere = (body: unknown) => expect((body as { cinema?: { id: string } }).cinema?.id).toBe(base.here);
const hasTimes = (body: unknown) => expect((body as { busyUntil?: string }).busyUntil).toBeTypeOf('string');

// ─── Films ────────────────────────────────────────────────────────────────────

const filmFields = (title: string): FilmFormValues => ({
  title,
  synopsis: 'A film added by the authorization matrix, to see who may add one.',
  runtimeMinutes: 120,
  certificate: 'UA 13+',
  genres: ['Drama'],
  languages: ['Hindi'],
  formats: ['TWO_D'],
  releaseDate: '2026-12-25',
});
const filmAudits = (where: object) => db().auditLog.count({ where: { entityType: 'movie', ...where } });

/** A film read as the admin sees it: `canEdit` only where the caller may edit the film here. */
const filmRead = (target: unknown, send: (who: Who) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const r = await send(w.who[c]);
    return {
      ...r,
      verify: async () => {
        if (!allowed(r.outcome)) return;
        const body = r.body as { films?: { id: string; canEdit: boolean }[]; id?: string; canEdit?: boolean };
        const film = body.films ? body.films.find((f) => f.id === w.filmHere.id) : body;
        expect(film?.id).toBe(w.filmHere.id);
        expect(film?.canEdit).toBe(c !== 'managerElsewhere');
      },
    };
  },
});

/** A film with a title of its own per cell: written (as the caller's, audited) only if allowed. */
const filmCreate = (
  target: unknown,
  send: (who: Who, fields: FilmFormValues) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const who = w.who[c];
    const title = `Matrix film ${uid()}`;
    const r = await send(who, filmFields(title));
    return {
      ...r,
      verify: async () => {
        const films = await db().movie.findMany({ where: { title }, select: { createdById: true } });
        expect(films).toEqual(allowed(r.outcome) ? [{ createdById: who.user?.id }] : []);
        expect(await filmAudits({ action: 'film.created', after: { path: ['title'], equals: title } })).toBe(
          allowed(r.outcome) ? 1 : 0,
        );
      },
    };
  },
});

/**
 * One text field of an operator's record set anew per cell: changed (and audited with the new
 * value) only if allowed, as it was otherwise.
 */
const textFieldUpdate = (
  target: unknown,
  spec: {
    id: () => string;
    read: (id: string) => Promise<string>;
    entityType: string;
    action: string;
    field: string;
    send: (who: Who, id: string, value: string) => Promise<Observed>;
  },
): Runner => ({
  target,
  run: async (c) => {
    const id = spec.id();
    const before = await spec.read(id);
    const next = `Set by ${c} ${uid()}`;
    const r = await spec.send(w.who[c], id, next);
    return {
      ...r,
      verify: async () => {
        expect(await spec.read(id)).toBe(allowed(r.outcome) ? next : before);
        const audited = await db().auditLog.count({
          where: {
            entityType: spec.entityType,
            entityId: id,
            action: spec.action,
            after: { path: [spec.field], equals: next },
          },
        });
        expect(audited).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** The film playing here renamed per cell. */
const filmUpdate = (target: unknown, send: (who: Who, id: string, title: string) => Promise<Observed>) =>
  textFieldUpdate(target, {
    id: () => w.filmHere.id,
    read: async (id) =>
      (await db().movie.findUniqueOrThrow({ where: { id }, select: { title: true } })).title,
    entityType: 'movie',
    action: 'film.updated',
    field: 'title',
    send,
  });

/** A fresh film per cell that played here yesterday: archived (or brought back) only if allowed. */
const filmArchive = (
  target: unknown,
  archive: boolean,
  send: (who: Who, id: string) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const movie = await createMovie();
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 1 });
    await createShowtime({ screenId: screen.id, movieId: movie.id, startsAt: new Date(Date.now() - DAY) });
    if (!archive) await db().movie.update({ where: { id: movie.id }, data: { archivedAt: new Date() } });
    const r = await send(w.who[c], movie.id);
    return {
      ...r,
      verify: async () => {
        const { archivedAt } = await db().movie.findUniqueOrThrow({ where: { id: movie.id } });
        expect(archivedAt !== null).toBe(archive ? allowed(r.outcome) : !allowed(r.outcome));
        const action = archive ? 'film.archived' : 'film.unarchived';
        expect(await filmAudits({ entityId: movie.id, action })).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** The caller as the row's secret-holder when it is the owner, a fresh user of its kind otherwise. */
async function callerOrHolder(c: Caller, holder: Account): Promise<Who> {
  if (c !== 'owner') return freshWho(c);
  return { caller: c, user: holder, token: await bearerFor(holder, holder.totp ? { mfa: 'done' } : {}) };
}

const {
  changePasswordAction,
  confirmEmailChangeAction,
  deleteAccountAction,
  requestEmailChangeAction,
  signOutEverywhereAction,
  updateProfileAction,
} = accountActions;
const {
  confirmTotpAction,
  disableTotpAction,
  regenerateRecoveryCodesAction,
  secondFactorAction,
  startTotpAction,
} = twoFactorActions;
const { cancelShowtimeAction, previewCancelShowtimeAction, holdBestSeatsAction } = showtimeActions;
const { checkInAction, downloadCheckInListAction, syncCheckInsAction } = ticketActions;
const { closeTillAction, openTillAction, refundCounterBookingAction, sellAtCounterAction } = boxOfficeActions;
const { retryRefundAction } = refundActions;
const { refreshReportsAction } = reportActions;
const { joinWaitlistAction, leaveWaitlistAction } = waitlistActions;
const { checkoutAction, confirmPaymentAction, quoteHoldAction, startPaymentAction } = checkoutActions;
const { deleteReviewAction, saveReviewAction } = reviewActions;
const { requestResetAction, resendVerificationAction, resetPasswordAction, signUpAction, verifyEmailAction } =
  authActions;
const { cancelBookingAction } = bookingActions;
const {
  checkClashesAction,
  createShowtimeAction,
  generateSessionsAction,
  saveProgrammeTemplateAction,
  updateShowtimeAction,
} = programmeActions;
const { archiveFilmAction, createFilmAction, unarchiveFilmAction, updateFilmAction } = filmActions;
const { createPromoAction, updatePromoAction } = promoActions;

// ─── Bookings desk ────────────────────────────────────────────────────────────

/** Who the desk shows the owner's booking at "here" to. */
const deskReads = (c: Caller) => ['staffHere', 'managerHere', 'managerNo2fa', 'admin'].includes(c);

/**
 * A fresh booking of the owner's per cell, its confirmation already sent: the desk's change lands
 * only when the answer allowed it (`changed` reads the database, not the answer).
 */
const deskWrite = (
  target: unknown,
  send: (who: Who, reference: string) => Promise<Observed>,
  changed: (reference: string) => Promise<boolean>,
): Runner => ({
  target,
  run: async (c) => {
    const reference = await ownerBooking();
    await db().notificationOutbox.updateMany({
      where: { payload: { path: ['reference'], equals: reference } },
      data: { status: 'SENT', sentAt: new Date() },
    });
    const r = await send(w.who[c], reference);
    return { ...r, verify: async () => expect(await changed(reference)).toBe(allowed(r.outcome)) };
  },
});

/** The booking's show and a free seat of it (ownerBooking sells the first of four). */
async function deskMoveTo(reference: string) {
  const b = await db().booking.findUniqueOrThrow({
    where: { reference },
    select: { showtimeId: true, showtime: { select: { screenId: true } } },
  });
  const seat = await db().seat.findFirstOrThrow({
    where: { screenId: b.showtime.screenId, col: 2 },
    select: { id: true },
  });
  return { showtimeId: b.showtimeId, seatIds: [seat.id] };
}

const deskRefunded = async (reference: string) =>
  (await db().refund.count({ where: { booking: { reference } } })) > 0;
const deskMoved = async (reference: string) =>
  (await db().ticket.count({ where: { booking: { reference }, status: 'CANCELLED' } })) > 0;
const deskResent = async (reference: string) =>
  (await db().notificationOutbox.count({
    where: {
      status: 'PENDING',
      kind: 'booking.confirmed',
      payload: { path: ['reference'], equals: reference },
    },
  })) > 0;
const DESK_REFUND = { mode: 'amount' as const, amountMinor: 100, reason: 'goodwill from the matrix' };
const { moveDeskBookingAction, refundDeskBookingAction, resendDeskTicketsAction } = deskActions;

// ─── Promo codes ──────────────────────────────────────────────────────────────

const promoAudits = (where: object) => db().auditLog.count({ where: { entityType: 'promo_code', ...where } });

/** The code for here read or listed: present for those allowed, except in the list of the manager elsewhere. */
const promoRead = (target: unknown, send: (who: Who) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const r = await send(w.who[c]);
    return {
      ...r,
      verify: async () => {
        if (!allowed(r.outcome)) return;
        const body = r.body as { promos?: { id: string }[]; id?: string };
        const ids = body.promos ? body.promos.map((p) => p.id) : [body.id];
        expect(ids.includes(w.promoHere.id)).toBe(c !== 'managerElsewhere');
      },
    };
  },
});

/** A code of its own per cell, for here: written (and audited) only if allowed. */
const promoCreate = (
  target: unknown,
  send: (who: Who, body: PromoFormValues) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const code = `MX${uid().toUpperCase()}`;
    const r = await send(w.who[c], {
      code,
      description: `made by ${c}`,
      kind: 'FIXED',
      value: 5_000,
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + DAY).toISOString(),
      cinemaIds: [base.here],
    });
    return {
      ...r,
      verify: async () => {
        expect(await db().promoCode.count({ where: { code } })).toBe(allowed(r.outcome) ? 1 : 0);
        expect(
          await promoAudits({ action: 'promo.created', after: { path: ['promoCode'], equals: code } }),
        ).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** The code for here described anew per cell. */
const promoUpdate = (
  target: unknown,
  send: (who: Who, id: string, description: string) => Promise<Observed>,
) =>
  textFieldUpdate(target, {
    id: () => w.promoHere.id,
    read: async (id) =>
      (await db().promoCode.findUniqueOrThrow({ where: { id }, select: { description: true } })).description,
    entityType: 'promo_code',
    action: 'promo.updated',
    field: 'description',
    send,
  });
const {
  blockSeatsAction,
  createScreenAction,
  editScreenLayoutAction,
  previewSeatBlockAction,
  updateScreenAction,
} = venueActions;
const { createCinemaAction, updateCinemaAction } = cinemaActions;

// ─── Cinemas, screens and staff (issue 13) ───────────────────────────────────

/** Every setting of "here" as it is now, for the forms' actions (which send them all). */
async function hereSettings() {
  const { id: _id, ...settings } = await db().cinema.findUniqueOrThrow({
    where: { id: base.here },
    select: {
      id: true,
      name: true,
      addressLine: true,
      locality: true,
      postalCode: true,
      latitude: true,
      longitude: true,
      timeZone: true,
      phone: true,
      amenities: true,
      gstin: true,
      legalName: true,
      invoicePrefix: true,
      bookingFeeMinor: true,
      taxRateBps: true,
      cancellationCutoffMins: true,
      orphanSeatRule: true,
      wheelchairReleaseMinutes: true,
    },
  });
  return settings;
}

const hereAmenities = async () =>
  (await db().cinema.findUniqueOrThrow({ where: { id: base.here }, select: { amenities: true } })).amenities;

/** A new cinema per cell, with a slug of its own: opened (and audited) only if allowed. */
const cinemaCreate = (
  target: unknown,
  send: (who: Who, input: Record<string, unknown>) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const slug = `matrix-${uid()}`;
    const { cityId } = await db().cinema.findUniqueOrThrow({
      where: { id: base.here },
      select: { cityId: true },
    });
    const r = await send(w.who[c], {
      ...(await hereSettings()),
      name: `Matrix ${slug}`,
      invoicePrefix: `M${uid().slice(0, 3).toUpperCase()}`,
      slug,
      city: { kind: 'existing', cityId },
    });
    return {
      ...r,
      verify: async () => {
        const cinema = await db().cinema.findUnique({ where: { slug }, select: { id: true } });
        expect(cinema !== null).toBe(allowed(r.outcome));
        const audits = await db().auditLog.count({
          where: { action: 'cinema.created', after: { path: ['slug'], equals: slug } },
        });
        expect(audits).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** "Here"'s amenities set to a value of the cell's own: changed only if allowed. */
const cinemaUpdate = (
  target: unknown,
  send: (who: Who, amenities: string[]) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const before = await hereAmenities();
    const amenities = [`Matrix ${c} ${uid()}`];
    const r = await send(w.who[c], amenities);
    return {
      ...r,
      verify: async () => expect(await hereAmenities()).toEqual(allowed(r.outcome) ? amenities : before),
    };
  },
});

const {
  acceptInvitationAction,
  changeStaffRoleAction,
  inviteStaffAction,
  revokeStaffAction,
  signUpAndAcceptInvitationAction,
  withdrawInvitationAction,
} = staffActions;

/** An open invitation to "here" for `email`, and the token of its link. */
async function openInvitation(email: string): Promise<{ id: string; token: string }> {
  const token = newInvitationToken();
  const { id } = await db().staffInvitation.create({
    data: {
      email,
      role: 'STAFF',
      tokenHash: invitationTokenHash(token),
      expiresAt: new Date(Date.now() + DAY),
      cinemas: { create: [{ cinemaId: base.here }] },
    },
    select: { id: true },
  });
  return { id, token };
}

/** An invitation to a fresh address per cell: written, with its mail queued, only if allowed. */
const staffInvite = (target: unknown, send: (who: Who, email: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const email = `invited-${uid()}@test.local`;
    const r = await send(w.who[c], email);
    return {
      ...r,
      verify: async () => {
        const n = allowed(r.outcome) ? 1 : 0;
        expect(await db().staffInvitation.count({ where: { email } })).toBe(n);
        expect(
          await db().notificationOutbox.count({ where: { kind: 'staff.invited', recipient: email } }),
        ).toBe(n);
        expect(
          await db().auditLog.count({
            where: { action: 'staff.invited', after: { path: ['email'], equals: email } },
          }),
        ).toBe(n);
      },
    };
  },
});

/** A fresh open invitation per cell: withdrawn only if allowed. */
const invitationWithdraw = (target: unknown, send: (who: Who, id: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const { id } = await openInvitation(`withdrawn-${uid()}@test.local`);
    const r = await send(w.who[c], id);
    return {
      ...r,
      verify: async () => {
        const { revokedAt } = await db().staffInvitation.findUniqueOrThrow({ where: { id } });
        expect(revokedAt !== null).toBe(allowed(r.outcome));
      },
    };
  },
});

/**
 * An invitation per cell to the address of a fresh account, which is the "owner" (signed in as
 * it); anonymous callers send a new account's details, for a fresh address. Everyone else is
 * signed in as someone not invited. Accepted, and the person staff at "here", only if allowed.
 */
const invitationAccept = (target: unknown, send: (who: Who, token: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const invitee = await account();
    const holder = await callerOrHolder(c, invitee);
    const email = c === 'anonymous' ? `new-${uid()}@test.local` : invitee.email;
    const { id, token } = await openInvitation(email);
    const r = await send(c === 'owner' ? holder : w.who[c], token);
    return {
      ...r,
      verify: async () => {
        const invitation = await db().staffInvitation.findUniqueOrThrow({ where: { id } });
        expect(invitation.acceptedAt !== null).toBe(allowed(r.outcome));
        const staffRows = await db().cinemaStaff.count({
          where: { cinemaId: base.here, user: { email } },
        });
        expect(staffRows).toBe(allowed(r.outcome) ? 1 : 0);
      },
    };
  },
});

/** A fresh member of staff at "here" per cell, and whether they still are (and as what). */
async function freshStaffHere(): Promise<Account> {
  const person = await account('STAFF');
  await db().cinemaStaff.create({ data: { userId: person.id, cinemaId: base.here, role: 'STAFF' } });
  return person;
}
const roleHere = async (userId: string) =>
  (await db().cinemaStaff.findUnique({ where: { userId_cinemaId: { userId, cinemaId: base.here } } }))
    ?.role ?? null;

const staffPromote = (target: unknown, send: (who: Who, userId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const person = await freshStaffHere();
    const r = await send(w.who[c], person.id);
    return {
      ...r,
      verify: async () => expect(await roleHere(person.id)).toBe(allowed(r.outcome) ? 'MANAGER' : 'STAFF'),
    };
  },
});

const staffRevoke = (target: unknown, send: (who: Who, userId: string) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const person = await freshStaffHere();
    const r = await send(w.who[c], person.id);
    return {
      ...r,
      verify: async () => {
        expect(await roleHere(person.id)).toBe(allowed(r.outcome) ? null : 'STAFF');
        const { role } = await db().user.findUniqueOrThrow({
          where: { id: person.id },
          select: { role: true },
        });
        expect(role).toBe(allowed(r.outcome) ? 'CUSTOMER' : 'STAFF');
      },
    };
  },
});

/** A fresh screen at "here" per cell, its layout edited from version 1: a version 2 only if allowed. */
const layoutEdit = (
  target: unknown,
  send: (who: Who, screenId: string, body: { basedOnVersion: number; draft: unknown }) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here });
    const r = await send(w.who[c], screen.id, {
      basedOnVersion: 1,
      draft: encodeDraft(templateDraft('boutique')),
    });
    return {
      ...r,
      verify: async () => {
        const versions = await db().screenLayout.count({ where: { screenId: screen.id } });
        const current = await db().screen.findUniqueOrThrow({
          where: { id: screen.id },
          select: { currentLayout: { select: { version: true } } },
        });
        const audits = await db().auditLog.count({
          where: { action: 'screen.layout-changed', entityId: screen.id },
        });
        const n = allowed(r.outcome) ? 1 : 0;
        expect(versions).toBe(1 + n);
        expect(current.currentLayout?.version).toBe(1 + n);
        expect(audits).toBe(n);
      },
    };
  },
});

/**
 * A fresh screen at "here" per cell with a coming show, and seat A1 named: taken out of service
 * only if allowed (and audited); a preview changes nothing whoever calls it.
 */
const seatBlock = (
  target: unknown,
  send: (who: Who, screenId: string) => Promise<Observed>,
  applies: boolean,
): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 3 });
    await createShowtime({ screenId: screen.id, movieId: base.movieId });
    const r = await send(w.who[c], screen.id);
    return {
      ...r,
      verify: async () => {
        const a1 = await db().seat.findFirstOrThrow({
          where: { screenId: screen.id, rowLabel: 'A', number: 1 },
          select: { blocked: true },
        });
        const audits = await db().auditLog.count({ where: { action: 'seats.blocked', entityId: screen.id } });
        const n = applies && allowed(r.outcome) ? 1 : 0;
        expect(a1.blocked).toBe(n === 1);
        expect(audits).toBe(n);
        if (!applies && allowed(r.outcome)) expect(r.body).toMatchObject({ seats: ['A1'], showtimes: 1 });
      },
    };
  },
});

/** A fresh screen at "here" per cell, its cleaning minutes set to a value of the cell's own: changed only if allowed. */
const screenUpdate = (
  target: unknown,
  send: (who: Who, screen: { id: string; name: string }, cleaningMinutes: number) => Promise<Observed>,
): Runner => ({
  target,
  run: async (c) => {
    const { screen } = await createScreen({ cinemaId: base.here, rows: 1, cols: 2 });
    const minutes = 30 + CALLERS.indexOf(c);
    const r = await send(w.who[c], screen, minutes);
    return {
      ...r,
      verify: async () => {
        const now = await db().screen.findUniqueOrThrow({
          where: { id: screen.id },
          select: { cleaningMinutes: true },
        });
        expect(now.cleaningMinutes).toBe(allowed(r.outcome) ? minutes : null);
        expect(await db().auditLog.count({ where: { action: 'screen.updated', entityId: screen.id } })).toBe(
          allowed(r.outcome) ? 1 : 0,
        );
      },
    };
  },
});

// ─── The public site and the caller's own account over REST (issue 16.4) ─────

type Here = { cinema: string; city: string; day: string };

/** A public read of the catalogue around "here" (its cinema, city, film and the world's show's day), the same for everyone. */
const catalogRead = (
  handler: Handler,
  request: (here: Here) => { params?: Record<string, string>; path?: string },
  check: (body: unknown, here: Here) => void,
): Runner => ({
  target: handler,
  run: async (c) => {
    const cinema = await db().cinema.findUniqueOrThrow({
      where: { id: base.here },
      select: { slug: true, city: { select: { slug: true } } },
    });
    const show = await db().showtime.findUniqueOrThrow({
      where: { id: w.show.id },
      select: { startsAt: true },
    });
    const here = {
      cinema: cinema.slug,
      city: cinema.city.slug,
      day: localDateAt(show.startsAt, 'Asia/Kolkata'),
    };
    const r = await rest(handler, w.who[c], request(here));
    return { ...r, verify: async () => check(r.body, here) };
  },
});

/** A token that no longer works (a changed password, a deleted account) is refused at once. */
async function tokenDead(who: Who): Promise<boolean> {
  return (await call(getAccountOp, { token: who.token ?? undefined })).status === 401;
}

// The account rows come twice, as a server action and as a REST operation: one runner each, given
// how to send the input (the action's `act` or the operation's `rest`), so both are held to the
// same checks.
type Send<I> = (who: Who, input: I) => Promise<Observed>;

const signUpRow = (
  target: unknown,
  send: Send<{ name: string; email: string; password: string }>,
): Runner => ({
  target,
  run: async (c) => {
    const email = `signup-${uid()}@test.local`;
    const r = await send(w.who[c], { name: 'New Person', email, password: 'a-long-enough-password' });
    return {
      ...r,
      verify: async () =>
        expect(
          await db().user.findUnique({ where: { email }, select: { role: true, emailVerifiedAt: true } }),
        ).toEqual({ role: 'CUSTOMER', emailVerifiedAt: null }),
    };
  },
});

const verifyEmailRow = (target: unknown, send: Send<{ email: string; code: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await createAccount({ verified: false });
    const code = await db().$transaction((tx) =>
      issueCode(tx, { userId: holder.id, purpose: 'VERIFY_EMAIL' }),
    );
    const r = await send(w.who[c], { email: holder.email, code });
    return {
      ...r,
      verify: async () =>
        expect(
          (await db().user.findUniqueOrThrow({ where: { id: holder.id } })).emailVerifiedAt,
        ).not.toBeNull(),
    };
  },
});

const resendVerificationRow = (target: unknown, send: Send<{ email: string; password: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await createAccount({ verified: false });
    const r = await send(w.who[c], { email: holder.email, password: holder.password });
    return {
      ...r,
      verify: async () => {
        expect(r.body).toEqual({ alreadyVerified: false });
        await smtp().waitFor((m) => m.envelopeTo.includes(holder.email));
      },
    };
  },
});

const requestResetRow = (target: unknown, send: Send<{ email: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await account();
    const r = await send(w.who[c], { email: holder.email });
    return {
      ...r,
      verify: async () =>
        expect(
          await db().oneTimeCode.count({ where: { userId: holder.id, purpose: 'PASSWORD_RESET' } }),
        ).toBe(1),
    };
  },
});

const resetPasswordRow = (target: unknown, send: Send<{ token: string; password: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await account();
    const token = await db().$transaction((tx) => issueResetToken(tx, holder.id));
    const r = await send(w.who[c], { token, password: 'a new long password 7' });
    // The holder's old token died with the old password.
    const old: Who = { caller: c, user: holder, token: await bearerFor(holder) };
    return { ...r, verify: async () => expect(await tokenDead(old)).toBe(true) };
  },
});

/** The caller renames their own account (REST or action); the name changes only when allowed. */
const renameRow = <R extends Observed>(
  target: unknown,
  send: (who: Who, body: { name: string }) => Promise<R>,
  afterwards?: (r: R, name: string) => Promise<void>,
): Runner => ({
  target,
  run: async (c) => {
    const who = await freshWho(c);
    const name = `Renamed ${uid()}`;
    const r = await send(who, { name });
    return {
      ...r,
      verify: async () => {
        if (!who.user) return;
        const user = await db().user.findUniqueOrThrow({
          where: { id: who.user.id },
          select: { name: true },
        });
        expect(user.name === name).toBe(allowed(r.outcome));
        if (allowed(r.outcome)) await afterwards?.(r, name);
      },
    };
  },
});

const requestEmailChangeRow = (
  target: unknown,
  send: Send<{ newEmail: string; password: string }>,
): Runner => ({
  target,
  run: async (c) => {
    const newEmail = `moved-${uid()}@test.local`;
    const who = await freshWho(c);
    const r = await send(who, { newEmail, password: PASSWORD });
    return {
      ...r,
      verify: async () => {
        if (!allowed(r.outcome) || !who.user) return;
        expect(r.body).toEqual({ sentTo: newEmail });
        const code = await db().oneTimeCode.findFirst({
          where: { purpose: 'CHANGE_EMAIL', target: newEmail },
          select: { userId: true },
        });
        expect(code?.userId).toBe(who.user.id);
      },
    };
  },
});

const confirmEmailChangeRow = (target: unknown, send: Send<{ code: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await account();
    const newEmail = `changed-${uid()}@test.local`;
    const code = await db().$transaction((tx) =>
      issueCode(tx, { userId: holder.id, purpose: 'CHANGE_EMAIL', target: newEmail }),
    );
    const r = await send(await callerOrHolder(c, holder), { code });
    return {
      ...r,
      verify: async () => {
        const { email } = await db().user.findUniqueOrThrow({ where: { id: holder.id } });
        expect(email).toBe(allowed(r.outcome) ? newEmail : holder.email);
      },
    };
  },
});

const deleteAccountRow = (target: unknown, send: Send<{ password: string; confirm: 'DELETE' }>): Runner => ({
  target,
  run: async (c) => {
    const who = await freshWho(c);
    const r = await send(who, { password: PASSWORD, confirm: 'DELETE' });
    return {
      ...r,
      verify: async () => {
        if (!who.user) return;
        const { deletedAt } = await db().user.findUniqueOrThrow({ where: { id: who.user.id } });
        expect(deletedAt !== null).toBe(allowed(r.outcome));
        expect(await tokenDead(who)).toBe(allowed(r.outcome));
      },
    };
  },
});

/** `enrolled`: what else an allowed call leaves (the action's session passed 2FA; REST's codes). */
const confirmTotpRow = (
  target: unknown,
  send: Send<{ code: string }>,
  enrolled: (r: Observed & { session?: string }) => Promise<void>,
): Runner => ({
  target,
  run: async (c) => {
    const holder = await account();
    const secret = base32Decode((await startTotpEnrolment(holder)).manualKey);
    const who = await callerOrHolder(c, holder);
    // Everyone else is half-way through enrolling too: the owner's code must not finish theirs.
    if (who.user && who.user !== holder && !who.user.totp) await startTotpEnrolment(who.user);
    const r = await send(who, { code: totpAt(secret) });
    return {
      ...r,
      verify: async () => {
        const cred = await db().totpCredential.findUniqueOrThrow({ where: { userId: holder.id } });
        expect(cred.enabledAt !== null).toBe(allowed(r.outcome));
        if (allowed(r.outcome)) await enrolled(r);
      },
    };
  },
});

const disableTotpRow = (target: unknown, send: Send<{ password: string; code: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await account('CUSTOMER', `only the owner knows this ${uid()}`);
    await enrolTotp(holder);
    const who = await callerOrHolder(c, holder);
    const r = await send(who, { password: holder.password, code: totpAt(holder.totp!) });
    return {
      ...r,
      verify: async () => {
        const cred = await db().totpCredential.findUnique({ where: { userId: holder.id } });
        expect(cred === null).toBe(allowed(r.outcome));
      },
    };
  },
});

const regenerateRecoveryCodesRow = (target: unknown, send: Send<{ code: string }>): Runner => ({
  target,
  run: async (c) => {
    const holder = await account();
    await enrolTotp(holder);
    const ids = async () =>
      (await db().recoveryCode.findMany({ where: { userId: holder.id }, select: { id: true } }))
        .map((x) => x.id)
        .sort();
    const before = await ids();
    const r = await send(await callerOrHolder(c, holder), { code: totpAt(holder.totp!) });
    return {
      ...r,
      verify: async () => {
        const after = await ids();
        expect(after.length).toBe(10);
        expect(after.some((id) => before.includes(id))).toBe(!allowed(r.outcome));
      },
    };
  },
});

// ─── Reports ──────────────────────────────────────────────────────────────────

/** A report of the cinema here, over the month ahead (the world's shows): for those allowed, of here only. */
const reportRead = (target: unknown, path: string, contentType: string): Runner => ({
  target,
  run: async (c) => {
    const day = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);
    const read = (kind: string) =>
      call(target as Handler, {
        params: { kind },
        path: `${path}?from=${day(-1)}&to=${day(30)}&cinemaId=${base.here}`,
        token: w.who[c].token ?? undefined,
      });
    const r = await read('revenue');
    // The GST register reads other tables (the documents, not the rollups) through the same
    // operations: it answers every caller exactly as the other reports do.
    const gst = await read('gst');
    return {
      outcome: r.status,
      body: r.body,
      verify: async () => {
        expect(gst.status).toBe(r.status);
        if (!allowed(r.status)) return;
        expect(r.headers.get('content-type') ?? '').toContain(contentType);
        expect(gst.headers.get('content-type') ?? '').toContain(contentType);
        if (contentType === 'application/json') {
          expect((r.body as { cinemas: { id: string }[] }).cinemas.map((x) => x.id)).toEqual([base.here]);
          expect((gst.body as { cinemas: { id: string }[] }).cinemas.map((x) => x.id)).toEqual([base.here]);
        }
      },
    };
  },
});

/** Refreshing the rollups by hand: audited when allowed; refused, no record and the state unchanged. */
const reportRefresh = (target: unknown, send: (who: Who) => Promise<Observed>): Runner => ({
  target,
  run: async (c) => {
    const audits = () => db().auditLog.count({ where: { action: 'reports.refreshed' } });
    const state = () => db().reportRollupState.findUniqueOrThrow({ where: { id: 1 } });
    const [before, stateBefore] = await Promise.all([audits(), state()]);
    const r = await send(w.who[c]);
    return {
      ...r,
      verify: async () => {
        expect(await audits()).toBe(before + (allowed(r.outcome) ? 1 : 0));
        if (!allowed(r.outcome)) expect(await state()).toEqual(stateBefore);
      },
    };
  },
});

const RUNS: Record<RowId, Runner> = {
  // ─── REST ───────────────────────────────────────────────────────────────────
  'GET /api/health': publicGet(getHealthOp, '/api/health'),
  'GET /api/health/ready': publicGet(getReadinessOp, '/api/health/ready'),
  'GET /api/health/live': publicGet(getLivenessOp, '/api/health/live'),
  'GET /api/openapi.json': publicGet(getOpenApiDocumentOp, '/api/openapi.json'),
  'GET /api/auth/session': {
    target: nextauthRoute.GET,
    run: async (c) => {
      const who = w.who[c];
      const r = await nextAuth(nextauthRoute.GET, who, ['session']);
      const user = (r.body as { user?: { id?: string } }).user;
      return { ...r, verify: async () => expect(user?.id ?? null).toBe(who.user?.id ?? null) };
    },
  },
  'POST /api/auth/callback/credentials (no CSRF token)': {
    target: nextauthRoute.POST,
    run: async (c) => {
      const r = await nextAuth(nextauthRoute.POST, w.who[c], ['callback', 'credentials'], {
        email: w.owner.email,
        password: w.owner.password,
      });
      return {
        ...r,
        verify: async () => {
          expect(r.location).toContain('csrf=true');
          expect(r.setCookies.filter((s) => s.includes(SESSION_COOKIE))).toEqual([]);
        },
      };
    },
  },
  'POST /api/cron/expire-holds (session token, no secret)': cron((who) =>
    who.token ? `Bearer ${who.token}` : undefined,
  ),
  'POST /api/cron/expire-holds (wrong secret)': cron(() => 'Bearer not-the-cron-secret-0123456789'),
  'POST /api/cron/expire-holds (CRON_SECRET)': cron(() => `Bearer ${ENV.CRON_SECRET}`),
  'POST /api/v1/auth/token': {
    target: createApiTokenOp,
    run: async (c) => {
      const r = await rest(createApiTokenOp, w.who[c], {
        method: 'POST',
        body: { email: w.tokenAccount.email, password: w.tokenAccount.password },
      });
      const issued = (r.body as { accessToken?: string }).accessToken;
      return { ...r, verify: async () => expect((await decodeToken(issued))?.sub).toBe(w.tokenAccount.id) };
    },
  },
  'POST /api/v1/auth/refresh': {
    target: refreshApiTokenOp,
    run: async (c) => {
      const refreshToken = await freshRefreshToken();
      const r = await rest(refreshApiTokenOp, w.who[c], { method: 'POST', body: { refreshToken } });
      const issued = (r.body as { accessToken?: string }).accessToken;
      return {
        ...r,
        verify: async () => {
          expect((await decodeToken(issued))?.sub).toBe(w.tokenAccount.id);
          const used = await db().refreshToken.findUniqueOrThrow({
            where: { tokenHash: hashRefreshToken(refreshToken) },
          });
          expect(used.usedAt).not.toBeNull();
        },
      };
    },
  },
  'POST /api/v1/auth/revoke': {
    target: revokeRefreshTokenOp,
    run: async (c) => {
      const refreshToken = await freshRefreshToken();
      const r = await rest(revokeRefreshTokenOp, w.who[c], { method: 'POST', body: { refreshToken } });
      return {
        ...r,
        verify: async () => {
          const row = await db().refreshToken.findUniqueOrThrow({
            where: { tokenHash: hashRefreshToken(refreshToken) },
          });
          expect(row.revokedReason).toBe('logout');
        },
      };
    },
  },
  'POST /api/v1/auth/sign-out-everywhere': {
    target: signOutEverywhereOp,
    run: async (c) => {
      const who = await freshWho(c);
      const r = await rest(signOutEverywhereOp, who, { method: 'POST' });
      return { ...r, verify: () => expectSignedOutEverywhere(who, allowed(r.outcome)) };
    },
  },
  'GET /api/v1/bookings': {
    target: listBookingsOp,
    run: async (c) => {
      const r = await rest(listBookingsOp, w.who[c], {
        path: `/api/v1/bookings?scope=all&limit=100&userId=${w.owner.id}`,
      });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const refs = (r.body as { bookings: { reference: string }[] }).bookings.map((b) => b.reference);
          expect(refs.includes(w.booking)).toBe(c === 'owner');
        },
      };
    },
  },
  'GET /api/v1/bookings/{reference}': bookingRead(getBookingOp, (body) =>
    expect(body).toMatchObject({ reference: w.booking, status: 'CONFIRMED' }),
  ),
  'GET /api/v1/bookings/{reference}/tickets.pdf': bookingRead(downloadTicketsOp, (body) =>
    expect(String(body).startsWith('%PDF')).toBe(true),
  ),
  'GET /api/v1/bookings/{reference}/tickets/{ticketId}/wallet.pkpass': {
    target: downloadWalletPassOp,
    run: async (c) => {
      const ticket = await db().ticket.findFirstOrThrow({
        where: { booking: { reference: w.booking } },
        select: { id: true },
      });
      const r = await rest(downloadWalletPassOp, w.who[c], {
        params: { reference: w.booking, ticketId: ticket.id },
      });
      return {
        ...r,
        verify: async () =>
          allowed(r.outcome) ? expect(String(r.body).startsWith('PK')).toBe(true) : undefined,
      };
    },
  },
  'GET /api/v1/bookings/{reference}/invoice.pdf': bookingRead(downloadInvoiceOp, async (body) => {
    expect(String(body).startsWith('%PDF')).toBe(true);
    // Issued once, whoever asks first: every allowed caller gets that one invoice.
    expect(await db().invoice.count({ where: { booking: { reference: w.booking } } })).toBe(1);
  }),
  'GET /api/v1/bookings/{reference}/credit-notes/{number}.pdf': {
    target: downloadCreditNoteOp,
    run: async (c) => {
      const r = await rest(downloadCreditNoteOp, w.who[c], { params: w.creditNote });
      return {
        ...r,
        verify: async () =>
          allowed(r.outcome) ? expect(String(r.body).startsWith('%PDF')).toBe(true) : undefined,
      };
    },
  },
  'GET /api/v1/bookings/{reference}/calendar.ics': bookingRead(downloadCalendarOp, (body) =>
    expect(String(body)).toContain(`UID:${w.booking}@marquee`),
  ),
  'POST /api/v1/bookings/{reference}/cancel': bookingCancel(cancelBookingOp, (who, reference) =>
    rest(cancelBookingOp, who, { method: 'POST', params: { reference }, body: { reason: 'Plans changed' } }),
  ),
  'GET /api/v1/cinemas/near': publicGet(listCinemasNearOp, '/api/v1/cinemas/near?lat=19.07&lng=72.87'),
  'POST /api/v1/holds/{id}/checkout': ownerHoldChange(checkoutHoldOp, 'CONVERTED', (who, id) =>
    rest(checkoutHoldOp, who, {
      method: 'POST',
      params: { id },
      body: { payment: CARD, ...asOwner() },
      headers: { 'idempotency-key': randomUUID() },
    }),
  ),
  'POST /api/v1/holds/{id}/payment': paymentStart(startPaymentOp, (who, id) =>
    rest(startPaymentOp, who, { method: 'POST', params: { id }, body: { ...asOwner() } }),
  ),
  'POST /api/v1/payments/{id}/confirm': paymentConfirm(confirmPaymentOp, (who, id) =>
    rest(confirmPaymentOp, who, { method: 'POST', params: { id }, body: { ...asOwner() } }),
  ),
  'DELETE /api/v1/holds/{id}': ownerHoldChange(releaseHoldOp, 'RELEASED', (who, id) =>
    rest(releaseHoldOp, who, { method: 'DELETE', params: { id } }),
  ),
  'GET /api/v1/movies/{slug}/reviews': {
    target: listMovieReviewsOp,
    run: (c) =>
      rest(listMovieReviewsOp, w.who[c], {
        path: `/api/v1/movies/${base.movieSlug}/reviews`,
        params: { slug: base.movieSlug },
      }),
  },
  'POST /api/v1/movies/{slug}/reviews': reviewWrite(
    saveMovieReviewOp,
    () => w.films.restPost,
    (who, review) =>
      rest(saveMovieReviewOp, who, {
        method: 'POST',
        params: { slug: w.films.restPost },
        body: { ...review, ...asOwner() },
      }),
  ),
  'GET /api/v1/films': filmRead(listFilmsOp, (who) =>
    rest(listFilmsOp, who, { path: `/api/v1/films?q=${w.filmHere.slug}` }),
  ),
  'POST /api/v1/films': filmCreate(createFilmOp, (who, body) =>
    rest(createFilmOp, who, { method: 'POST', body }),
  ),
  'GET /api/v1/films/{id}': filmRead(getFilmOp, (who) =>
    rest(getFilmOp, who, { params: { id: w.filmHere.id } }),
  ),
  'PATCH /api/v1/films/{id}': filmUpdate(updateFilmOp, (who, id, title) =>
    rest(updateFilmOp, who, { method: 'PATCH', params: { id }, body: { title } }),
  ),
  'POST /api/v1/films/{id}/archive': filmArchive(archiveFilmOp, true, (who, id) =>
    rest(archiveFilmOp, who, { method: 'POST', params: { id } }),
  ),
  'POST /api/v1/films/{id}/unarchive': filmArchive(unarchiveFilmOp, false, (who, id) =>
    rest(unarchiveFilmOp, who, { method: 'POST', params: { id } }),
  ),
  'GET /api/v1/promo-codes': promoRead(listPromosOp, (who) =>
    rest(listPromosOp, who, { path: `?q=${w.promoHere.code}` }),
  ),
  'GET /api/v1/promo-codes/{id}': promoRead(getPromoOp, (who) =>
    rest(getPromoOp, who, { params: { id: w.promoHere.id } }),
  ),
  'POST /api/v1/promo-codes': promoCreate(createPromoOp, (who, body) =>
    rest(createPromoOp, who, { method: 'POST', body }),
  ),
  'PATCH /api/v1/promo-codes/{id}': promoUpdate(updatePromoOp, (who, id, description) =>
    rest(updatePromoOp, who, { method: 'PATCH', params: { id }, body: { description } }),
  ),
  // A poster of its own per cell (a colour of its own): stored only if allowed.
  'POST /api/v1/posters': {
    target: uploadPosterOp,
    run: async (c) => {
      const png = await pngImage(300, 450, `#${randomBytes(3).toString('hex')}`);
      const r = await rest(uploadPosterOp, w.who[c], {
        method: 'POST',
        body: png,
        headers: { 'content-type': 'image/png' },
      });
      return {
        ...r,
        verify: async () => expect(await isPosterStored(posterKeyFor(png))).toBe(allowed(r.outcome)),
      };
    },
  },
  'GET /api/media/posters/{file}': {
    target: getPosterImageOp,
    run: async (c) => {
      const r = await call(getPosterImageOp, {
        params: { file: w.posterFile },
        token: w.who[c].token ?? undefined,
      });
      return {
        outcome: r.status,
        body: r.body,
        verify: async () => expect(r.headers.get('content-type')).toBe('image/webp'),
      };
    },
  },
  'POST /api/v1/pricing/quote': {
    target: quotePriceOp,
    run: (c) =>
      rest(quotePriceOp, w.who[c], {
        method: 'POST',
        body: { showtimeId: w.show.id, seatIds: [w.show.seatIds[7]], ...asOwner() },
      }),
  },
  'GET /api/v1/search': publicGet(searchMoviesOp, '/api/v1/search?q=Test%20Film'),
  'GET /api/v1/showtimes': {
    target: listShowtimesOp,
    run: (c) =>
      rest(listShowtimesOp, w.who[c], { path: `/api/v1/showtimes?cinemaId=${base.here}&access=relaxed` }),
  },
  'GET /api/v1/cinemas/{cinemaId}/programme': programmeRead(
    getProgrammeWeekOp,
    (who) => rest(getProgrammeWeekOp, who, { params: { cinemaId: base.here } }),
    isHere,
  ),
  'GET /api/v1/cinemas/{cinemaId}/programme/clashes': programmeRead(
    checkClashesOp,
    (who) =>
      rest(checkClashesOp, who, {
        params: { cinemaId: base.here },
        path: `?${new URLSearchParams(clashQuery())}`,
      }),
    hasTimes,
  ),
  'POST /api/v1/cinemas/{cinemaId}/showtimes': sessionCreate(createShowtimeOp, (who, screenId) =>
    rest(createShowtimeOp, who, { params: { cinemaId: base.here }, body: sessionFields(screenId) }),
  ),
  'POST /api/v1/cinemas/{cinemaId}/programme/generate': sessionsGenerate(generateSessionsOp, (who, plan) =>
    rest(generateSessionsOp, who, { params: { cinemaId: base.here }, body: { mode: 'apply', plan } }),
  ),
  'GET /api/v1/cinemas/{cinemaId}/price-card': programmeRead(
    getPriceCardOp,
    (who) => rest(getPriceCardOp, who, { params: { cinemaId: base.here } }),
    hasCard,
  ),
  'PUT /api/v1/cinemas/{cinemaId}/price-card': cardSave(savePriceCardOp, (who, entry) =>
    rest(savePriceCardOp, who, { params: { cinemaId: base.here }, body: { entries: [entry] } }),
  ),
  'GET /api/v1/cinemas/{cinemaId}/pricing-rules': programmeRead(
    listPricingRulesOp,
    (who) => rest(listPricingRulesOp, who, { params: { cinemaId: base.here } }),
    hasRules,
  ),
  'DELETE /api/v1/cinemas/{cinemaId}/pricing-rules/{ruleId}': ruleDelete('here')(
    deletePricingRuleOp,
    (who, ruleId) => rest(deletePricingRuleOp, who, { params: { cinemaId: base.here, ruleId } }),
  ),
  'PUT /api/v1/pricing-rules': globalRuleSave(saveGlobalPricingRuleOp, (who, name) =>
    rest(saveGlobalPricingRuleOp, who, { body: weekendRule(name) }),
  ),
  'DELETE /api/v1/pricing-rules/{ruleId}': ruleDelete('every cinema')(
    deleteGlobalPricingRuleOp,
    (who, ruleId) => rest(deleteGlobalPricingRuleOp, who, { params: { ruleId } }),
  ),
  'PUT /api/v1/cinemas/{cinemaId}/pricing-rules': ruleSave(savePricingRuleOp, (who, name) =>
    rest(savePricingRuleOp, who, { params: { cinemaId: base.here }, body: weekendRule(name) }),
  ),
  'POST /api/v1/cinemas/{cinemaId}/pricing-rules/preview': programmeRead(
    previewSeatPriceOp,
    (who) => rest(previewSeatPriceOp, who, { params: { cinemaId: base.here }, body: seatPreview }),
    hasDayPart,
  ),
  'PUT /api/v1/screens/{id}/programme-template': templateSave(saveProgrammeTemplateOp, (who, id) =>
    rest(saveProgrammeTemplateOp, who, { params: { id }, body: { ...TEMPLATE, movieIds: [base.movieId] } }),
  ),
  'PATCH /api/v1/showtimes/{id}': sessionUpdate(updateShowtimeOp, (who, id) =>
    rest(updateShowtimeOp, who, { params: { id }, body: { ...RETIME, prices: PROGRAMME_PRICES } }),
  ),
  'POST /api/v1/showtimes/{id}/cancel': showtimeCancel(cancelShowtimeOp, (who, id) =>
    rest(cancelShowtimeOp, who, {
      method: 'POST',
      params: { id },
      body: { reason: 'Projector failure' },
    }),
  ),
  'GET /api/v1/showtimes/{id}/cancel-preview': cancelPreview(previewCancelShowtimeOp, (who, id) =>
    rest(previewCancelShowtimeOp, who, { params: { id } }),
  ),
  'POST /api/v1/showtimes/{id}/holds': holdCreate(holdSeatsOp, (who, show) =>
    rest(holdSeatsOp, who, {
      method: 'POST',
      params: { id: show.id },
      body: { seatIds: [show.seatIds[0]], ...asOwner() },
    }),
  ),
  'POST /api/v1/showtimes/{id}/holds/best': holdCreate(holdBestSeatsOp, (who, show) =>
    rest(holdBestSeatsOp, who, {
      method: 'POST',
      params: { id: show.id },
      body: { count: 2, ...asOwner() },
    }),
  ),
  'GET /api/v1/showtimes/{id}/seats': {
    target: getSeatMapOp,
    run: async (c) => {
      const r = await rest(getSeatMapOp, w.who[c], { params: { id: w.show.id } });
      return {
        ...r,
        verify: async () => {
          const seats = (r.body as { seats: { id: string; mine: boolean }[] }).seats;
          expect(seats.filter((s) => s.mine).map((s) => s.id)).toEqual(c === 'owner' ? w.hold.seatIds : []);
        },
      };
    },
  },
  'POST /api/v1/showtimes/{id}/waitlist': waitlistJoin(joinWaitlistOp, (who, id) =>
    rest(joinWaitlistOp, who, { method: 'POST', params: { id }, body: { seats: 1, ...asOwner() } }),
  ),
  'GET /api/v1/showtimes/{id}/waitlist': {
    target: getWaitlistEntryOp,
    run: async (c) => {
      const r = await rest(getWaitlistEntryOp, w.who[c], { params: { id: w.waitingShowId } });
      return {
        ...r,
        verify: async () =>
          allowed(r.outcome) ? expect(r.body).toMatchObject({ status: 'WAITING', position: 1 }) : undefined,
      };
    },
  },
  'DELETE /api/v1/showtimes/{id}/waitlist': waitlistLeave(leaveWaitlistOp, (who, id) =>
    rest(leaveWaitlistOp, who, { method: 'DELETE', params: { id } }),
  ),
  'GET /api/v1/refunds': {
    target: listRefundsOp,
    run: async (c) => {
      const r = await rest(listRefundsOp, w.who[c], { path: '/api/v1/refunds?status=FAILED&limit=100' });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const ids = (r.body as { id: string }[]).map((x) => x.id);
          expect(ids.includes(w.failedRefund)).toBe(c !== 'managerElsewhere');
        },
      };
    },
  },
  'POST /api/v1/refunds/{id}/retry': refundRetry(retryRefundOp, (who, id) =>
    rest(retryRefundOp, who, { method: 'POST', params: { id } }),
  ),
  'POST /api/v1/reports/refresh': reportRefresh(refreshReportsOp, (who) =>
    rest(refreshReportsOp, who, { method: 'POST', body: { full: false } }),
  ),
  'GET /api/v1/reports/{kind}': reportRead(getReportOp, '', 'application/json'),
  'GET /api/v1/reports/{kind}/export.csv': reportRead(downloadReportCsvOp, '', 'text/csv'),
  'GET /api/v1/reports/{kind}/export.xlsx': reportRead(downloadReportXlsxOp, '', 'spreadsheetml'),
  'GET /api/v1/showtimes/{id}/best-seats': {
    target: suggestBestSeatsOp,
    run: async (c) => {
      const r = await rest(suggestBestSeatsOp, w.who[c], { params: { id: w.show.id }, path: '?count=2' });
      return {
        ...r,
        verify: async () => {
          // Two free seats, whoever asks; asking held nothing.
          const ids = (r.body as { seatIds: string[] }).seatIds;
          expect(ids).toHaveLength(2);
          const live = await db().seatClaim.count({
            where: { seatId: { in: ids }, state: { in: ['HELD', 'SOLD'] } },
          });
          expect(live).toBe(0);
        },
      };
    },
  },
  'GET /api/v1/showtimes/{id}/manifest': {
    target: getShowtimeManifestOp,
    run: async (c) => {
      const r = await rest(getShowtimeManifestOp, w.who[c], { params: { id: w.show.id } });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const { tickets } = r.body as { tickets: { reference: string; email: string | null }[] };
          // The owner's two sold seats; addresses only for whoever manages the cinema.
          expect(tickets.map((t) => t.reference)).toEqual([w.booking, w.booking]);
          const seesEmail = c === 'managerHere' || c === 'managerNo2fa' || c === 'admin';
          expect(tickets.every((t) => (t.email !== null) === seesEmail)).toBe(true);
        },
      };
    },
  },
  'GET /api/v1/showtimes/{id}/check-in-list': offlineDownload(getOfflineDoorListOp, (who, id) =>
    rest(getOfflineDoorListOp, who, { params: { id } }),
  ),
  // As check-in: each cell's own ticket, checked in only if the answer allowed it.
  'POST /api/v1/showtimes/{id}/check-ins': checkIn(
    syncOfflineCheckInsOp,
    () => w.offline.rest,
    (who, qr) =>
      rest(syncOfflineCheckInsOp, who, {
        method: 'POST',
        params: { id: w.offline.showId },
        body: { scans: offlineScans(qr) },
      }),
  ),
  'GET /api/media/scanner/{file}': {
    target: getScannerWasmOp,
    run: async (c) => {
      const { file } = scannerWasm();
      const r = await call(getScannerWasmOp, { params: { file }, token: w.who[c].token ?? undefined });
      return {
        outcome: r.status,
        body: r.body,
        verify: async () => expect(r.headers.get('content-type')).toBe('application/wasm'),
      };
    },
  },
  'POST /api/v1/tickets/check-in': checkIn(
    checkInTicketOp,
    () => w.tickets.rest,
    (who, qr) => rest(checkInTicketOp, who, { method: 'POST', body: { qr } }),
  ),
  'POST /api/v1/refunds/{id}/paid-at-counter': counterRefundOwed(settleCounterRefundOp, (who, id) =>
    rest(settleCounterRefundOp, who, { method: 'POST', params: { id } }),
  ),
  'POST /api/v1/box-office/sales': counterSell(sellAtCounterOp, (who, holdId) =>
    rest(sellAtCounterOp, who, {
      method: 'POST',
      body: { holdId, method: 'CARD_TERMINAL', reference: 'SLIP-2', ...asOwner() },
    }),
  ),
  'POST /api/v1/box-office/bookings/{reference}/refund': counterRefund(
    refundCounterBookingOp,
    (who, reference) =>
      rest(refundCounterBookingOp, who, {
        method: 'POST',
        params: { reference },
        body: { reason: 'Changed plans' },
      }),
  ),
  'GET /api/v1/box-office/tills': {
    target: listTillsOp,
    run: async (c) => {
      counterSeller ??= await staffAtHere();
      const tillId = await openTillFor(counterSeller);
      const r = await rest(listTillsOp, w.who[c], { path: `?cinemaId=${base.here}&status=open&limit=100` });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const ids = (r.body as { tills: { id: string }[] }).tills.map((t) => t.id);
          // Another seller's till: only whoever manages the cinema sees it.
          expect(ids.includes(tillId)).toBe(['managerHere', 'managerNo2fa', 'admin'].includes(c));
        },
      };
    },
  },
  'POST /api/v1/box-office/tills': tillOpen(openTillOp, (who) =>
    rest(openTillOp, who, { method: 'POST', body: { cinemaId: base.here, openingFloatMinor: 1_000 } }),
  ),
  'POST /api/v1/box-office/tills/{id}/close': tillClose(closeTillOp, (who, id) =>
    rest(closeTillOp, who, { method: 'POST', params: { id }, body: { countedMinor: 0 } }),
  ),
  'POST /api/webhooks/stripe (bad signature)': stripe(
    () => `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
  ),
  'POST /api/webhooks/stripe (valid signature)': stripe((payload) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: ENV.STRIPE_WEBHOOK_SECRET }),
  ),
  'POST /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (wrong pass token)':
    wallet(
      registerWalletPassOp,
      ({ serial, device, headers }) =>
        call(registerWalletPassOp, {
          params: {
            deviceLibraryIdentifier: device,
            passTypeIdentifier: TEST_PASS_TYPE_ID,
            serialNumber: serial,
          },
          body: { pushToken: randomBytes(32).toString('hex') },
          headers,
        }),
      { wrongToken: true },
    ),
  'POST /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (pass token)':
    wallet(registerWalletPassOp, ({ serial, device, headers }) =>
      call(registerWalletPassOp, {
        params: {
          deviceLibraryIdentifier: device,
          passTypeIdentifier: TEST_PASS_TYPE_ID,
          serialNumber: serial,
        },
        body: { pushToken: randomBytes(32).toString('hex') },
        headers,
      }),
    ),
  'DELETE /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (wrong pass token)':
    wallet(
      unregisterWalletPassOp,
      ({ serial, device, headers }) =>
        call(unregisterWalletPassOp, {
          params: {
            deviceLibraryIdentifier: device,
            passTypeIdentifier: TEST_PASS_TYPE_ID,
            serialNumber: serial,
          },
          headers,
        }),
      { wrongToken: true, registered: true },
    ),
  'DELETE /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber} (pass token)':
    wallet(
      unregisterWalletPassOp,
      ({ serial, device, headers }) =>
        call(unregisterWalletPassOp, {
          params: {
            deviceLibraryIdentifier: device,
            passTypeIdentifier: TEST_PASS_TYPE_ID,
            serialNumber: serial,
          },
          headers,
        }),
      { registered: true },
    ),
  'GET /api/wallet/v1/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}': wallet(
    listUpdatedWalletPassesOp,
    ({ device, headers }) =>
      call(listUpdatedWalletPassesOp, {
        params: { deviceLibraryIdentifier: device, passTypeIdentifier: TEST_PASS_TYPE_ID },
        headers,
      }),
    { registered: true },
  ),
  'GET /api/wallet/v1/passes/{passTypeIdentifier}/{serialNumber} (wrong pass token)': wallet(
    getLatestWalletPassOp,
    ({ serial, headers }) =>
      call(getLatestWalletPassOp, {
        params: { passTypeIdentifier: TEST_PASS_TYPE_ID, serialNumber: serial },
        headers,
      }),
    { wrongToken: true },
  ),
  'GET /api/wallet/v1/passes/{passTypeIdentifier}/{serialNumber} (pass token)': wallet(
    getLatestWalletPassOp,
    ({ serial, headers }) =>
      call(getLatestWalletPassOp, {
        params: { passTypeIdentifier: TEST_PASS_TYPE_ID, serialNumber: serial },
        headers,
      }),
  ),
  'POST /api/wallet/v1/log': wallet(logWalletMessagesOp, ({ headers }) =>
    call(logWalletMessagesOp, { body: { logs: ['A pass could not be parsed'] }, headers }),
  ),

  // The public site and the caller's own account (issue 16.4).
  'GET /api/v1/cities': catalogRead(
    listCitiesOp,
    () => ({}),
    (body, here) =>
      expect((body as { cities: { slug: string }[] }).cities.map((x) => x.slug)).toContain(here.city),
  ),
  'GET /api/v1/movies': catalogRead(
    discoverMoviesOp,
    (here) => ({ path: `?city=${here.city}` }),
    (body) =>
      expect((body as { nowShowing: { id: string }[] }).nowShowing.map((m) => m.id)).toContain(base.movieId),
  ),
  'GET /api/v1/movies/{slug}': catalogRead(
    getMovieOp,
    () => ({ params: { slug: base.movieSlug } }),
    (body) => expect(body).toMatchObject({ id: base.movieId }),
  ),
  'GET /api/v1/movies/{slug}/showtimes': catalogRead(
    listMovieShowtimesOp,
    (here) => ({
      params: { slug: base.movieSlug },
      path: `?city=${here.city}&date=${here.day}`,
    }),
    (body, here) =>
      expect(
        (body as { cinemas: { cinema: { slug: string } }[] }).cinemas.map((x) => x.cinema.slug),
      ).toContain(here.cinema),
  ),
  'GET /api/v1/cinemas': catalogRead(
    listCinemasOp,
    // The factories' cinemas are all in "Testville", at one point.
    () => ({ path: '?place=Testville&radiusKm=5' }),
    (body) => {
      const { origin, cinemas } = body as { origin: { name: string }; cinemas: { distanceKm: number }[] };
      expect(origin.name).toBe('Testville');
      expect(cinemas.length).toBeGreaterThan(0);
      expect(cinemas.every((x) => x.distanceKm === 0)).toBe(true);
    },
  ),
  'GET /api/v1/cinemas/by-slug/{slug}': catalogRead(
    getCinemaOp,
    (here) => ({ params: { slug: here.cinema } }),
    (body) => expect(body).toMatchObject({ id: base.here }),
  ),
  'GET /api/v1/cinemas/by-slug/{slug}/showtimes': catalogRead(
    getCinemaProgrammeOp,
    (here) => ({ params: { slug: here.cinema }, path: `?date=${here.day}` }),
    (body) =>
      expect((body as { films: { movie: { slug: string } }[] }).films.map((f) => f.movie.slug)).toContain(
        base.movieSlug,
      ),
  ),
  'POST /api/v1/account/sign-up': signUpRow(signUpOp, (who, body) => rest(signUpOp, who, { body })),
  'POST /api/v1/account/verify-email': verifyEmailRow(verifyEmailOp, (who, body) =>
    rest(verifyEmailOp, who, { body }),
  ),
  'POST /api/v1/account/verify-email/resend': resendVerificationRow(resendVerificationOp, (who, body) =>
    rest(resendVerificationOp, who, { body }),
  ),
  'POST /api/v1/account/password-reset': requestResetRow(requestPasswordResetOp, (who, body) =>
    rest(requestPasswordResetOp, who, { body }),
  ),
  'POST /api/v1/account/password-reset/confirm': resetPasswordRow(resetPasswordOp, (who, body) =>
    rest(resetPasswordOp, who, { body }),
  ),
  'GET /api/v1/me': {
    target: getAccountOp,
    run: async (c) => {
      const who = w.who[c];
      const r = await rest(getAccountOp, who);
      return {
        ...r,
        verify: async () => {
          if (allowed(r.outcome)) expect((r.body as { email: string }).email).toBe(who.user?.email);
        },
      };
    },
  },
  'PATCH /api/v1/me': renameRow(updateProfileOp, (who, body) => rest(updateProfileOp, who, { body })),
  'POST /api/v1/me/password': {
    target: changePasswordOp,
    run: async (c) => {
      const who = await freshWho(c);
      const r = await rest(changePasswordOp, who, {
        body: { currentPassword: PASSWORD, newPassword: 'a brand new password 42' },
      });
      return {
        ...r,
        verify: async () => {
          if (!who.user) return;
          expect(await tokenDead(who)).toBe(allowed(r.outcome));
        },
      };
    },
  },
  'POST /api/v1/me/email': requestEmailChangeRow(requestEmailChangeOp, (who, body) =>
    rest(requestEmailChangeOp, who, { body }),
  ),
  'POST /api/v1/me/email/confirm': confirmEmailChangeRow(confirmEmailChangeOp, (who, body) =>
    rest(confirmEmailChangeOp, who, { body }),
  ),
  'POST /api/v1/me/delete': deleteAccountRow(deleteAccountOp, (who, body) =>
    rest(deleteAccountOp, who, { body }),
  ),
  'POST /api/v1/me/two-factor': {
    target: startTwoFactorOp,
    run: async (c) => {
      const who = await freshWho(c);
      const r = await rest(startTwoFactorOp, who);
      return {
        ...r,
        verify: async () => {
          if (!who.user) return;
          const cred = await db().totpCredential.findUnique({ where: { userId: who.user.id } });
          // Started, not on: or, refused, still on as it was.
          expect(cred?.enabledAt === null).toBe(allowed(r.outcome));
        },
      };
    },
  },
  'POST /api/v1/me/two-factor/confirm': confirmTotpRow(
    confirmTwoFactorOp,
    (who, body) => rest(confirmTwoFactorOp, who, { body }),
    async (r) => expect((r.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10),
  ),
  'POST /api/v1/me/two-factor/disable': disableTotpRow(disableTwoFactorOp, (who, body) =>
    rest(disableTwoFactorOp, who, { body }),
  ),
  'POST /api/v1/me/two-factor/recovery-codes': regenerateRecoveryCodesRow(
    regenerateRecoveryCodesOp,
    (who, body) => rest(regenerateRecoveryCodesOp, who, { body }),
  ),

  // ─── Server actions ─────────────────────────────────────────────────────────
  joinWaitlistAction: waitlistJoin(joinWaitlistAction, (who, showtimeId) =>
    act(joinWaitlistAction, who, { showtimeId, seats: 1, ...asOwner() }),
  ),
  leaveWaitlistAction: waitlistLeave(leaveWaitlistAction, (who, showtimeId) =>
    act(leaveWaitlistAction, who, { showtimeId }),
  ),
  quoteHoldAction: {
    target: quoteHoldAction,
    run: (c) => act(quoteHoldAction, w.who[c], { holdId: w.hold.holdId }),
  },
  checkoutAction: ownerHoldChange(checkoutAction, 'CONVERTED', (who, holdId) =>
    act(checkoutAction, who, { holdId, payment: CARD, idempotencyKey: randomUUID(), ...asOwner() }),
  ),
  startPaymentAction: paymentStart(startPaymentAction, (who, holdId) =>
    act(startPaymentAction, who, { holdId, ...asOwner() }),
  ),
  confirmPaymentAction: paymentConfirm(confirmPaymentAction, (who, paymentId) =>
    act(confirmPaymentAction, who, { paymentId, ...asOwner() }),
  ),
  retryRefundAction: refundRetry(retryRefundAction, (who, id) => act(retryRefundAction, who, { id })),
  refreshReportsAction: reportRefresh(refreshReportsAction, (who) =>
    act(refreshReportsAction, who, { full: false }),
  ),
  cancelBookingAction: bookingCancel(cancelBookingAction, (who, reference) =>
    act(cancelBookingAction, who, { reference, reason: 'Plans changed' }),
  ),
  saveReviewAction: reviewWrite(
    saveReviewAction,
    () => w.films.save,
    (who, review) => act(saveReviewAction, who, { slug: w.films.save, ...review, ...asOwner() }),
  ),
  deleteReviewAction: {
    target: deleteReviewAction,
    run: async (c) => {
      const slug = w.films.remove;
      await upsertReview({ slug, userId: w.owner.id, rating: 3, title: null, body: null });
      const r = await act(deleteReviewAction, w.who[c], { slug, ...asOwner() });
      return {
        ...r,
        verify: async () =>
          expect(await reviewOf(w.owner.id, slug)).toEqual(c === 'owner' ? null : expect.anything()),
      };
    },
  },
  holdBestSeatsAction: holdCreate(holdBestSeatsAction, (who, show) =>
    act(holdBestSeatsAction, who, { showtimeId: show.id, count: 2 }),
  ),
  cancelShowtimeAction: showtimeCancel(cancelShowtimeAction, (who, showtimeId) =>
    act(cancelShowtimeAction, who, { showtimeId, reason: 'Projector failure' }),
  ),
  previewCancelShowtimeAction: cancelPreview(previewCancelShowtimeAction, (who, showtimeId) =>
    act(previewCancelShowtimeAction, who, { showtimeId }),
  ),
  settleCounterRefundAction: counterRefundOwed(refundActions.settleCounterRefundAction, (who, id) =>
    act(refundActions.settleCounterRefundAction, who, { id }),
  ),
  sellAtCounterAction: counterSell(sellAtCounterAction, (who, holdId) =>
    act(sellAtCounterAction, who, { holdId, method: 'UPI', reference: 'UPI-1', ...asOwner() }),
  ),
  refundCounterBookingAction: counterRefund(refundCounterBookingAction, (who, reference) =>
    act(refundCounterBookingAction, who, { reference, reason: 'Changed plans' }),
  ),
  openTillAction: tillOpen(openTillAction, (who) =>
    act(openTillAction, who, { cinemaId: base.here, openingFloatMinor: 1_000 }),
  ),
  closeTillAction: tillClose(closeTillAction, (who, tillId) =>
    act(closeTillAction, who, { tillId, countedMinor: 0 }),
  ),
  checkInAction: checkIn(
    checkInAction,
    () => w.tickets.action,
    (who, qr) => act(checkInAction, who, { qr }),
  ),
  'GET /api/v1/desk/bookings': {
    target: searchDeskBookingsOp,
    run: async (c) => {
      const r = await rest(searchDeskBookingsOp, w.who[c], { path: `?q=${w.booking.toLowerCase()}` });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const refs = (r.body as { bookings: { reference: string }[] }).bookings.map((b) => b.reference);
          expect(refs).toEqual(deskReads(c) ? [w.booking] : []);
        },
      };
    },
  },
  'GET /api/v1/desk/bookings/{reference}': {
    target: getDeskBookingOp,
    run: async (c) => {
      const r = await rest(getDeskBookingOp, w.who[c], { params: { reference: w.booking } });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const body = r.body as { reference: string; customer: { email: string | null } };
          expect(body.reference).toBe(w.booking);
          expect(body.customer.email !== null).toBe(c !== 'staffHere');
        },
      };
    },
  },
  'POST /api/v1/desk/bookings/{reference}/refund': deskWrite(
    refundDeskBookingOp,
    (who, reference) =>
      rest(refundDeskBookingOp, who, { method: 'POST', params: { reference }, body: DESK_REFUND }),
    deskRefunded,
  ),
  'POST /api/v1/desk/bookings/{reference}/move': deskWrite(
    moveDeskBookingOp,
    async (who, reference) =>
      rest(moveDeskBookingOp, who, {
        method: 'POST',
        params: { reference },
        body: await deskMoveTo(reference),
      }),
    deskMoved,
  ),
  'POST /api/v1/desk/bookings/{reference}/resend': deskWrite(
    resendDeskTicketsOp,
    (who, reference) => rest(resendDeskTicketsOp, who, { method: 'POST', params: { reference } }),
    deskResent,
  ),
  refundDeskBookingAction: deskWrite(
    refundDeskBookingAction,
    (who, reference) => act(refundDeskBookingAction, who, { reference, request: DESK_REFUND }),
    deskRefunded,
  ),
  moveDeskBookingAction: deskWrite(
    moveDeskBookingAction,
    async (who, reference) =>
      act(moveDeskBookingAction, who, { reference, request: await deskMoveTo(reference) }),
    deskMoved,
  ),
  resendDeskTicketsAction: deskWrite(
    resendDeskTicketsAction,
    (who, reference) => act(resendDeskTicketsAction, who, { reference }),
    deskResent,
  ),
  downloadCheckInListAction: offlineDownload(downloadCheckInListAction, (who, showtimeId) =>
    act(downloadCheckInListAction, who, { showtimeId }),
  ),
  syncCheckInsAction: checkIn(
    syncCheckInsAction,
    () => w.offline.action,
    (who, qr) => act(syncCheckInsAction, who, { showtimeId: w.offline.showId, scans: offlineScans(qr) }),
  ),

  'GET /api/v1/managed/cinemas': {
    target: listManagedCinemasOp,
    run: async (c) => {
      const { slug } = await db().cinema.findUniqueOrThrow({
        where: { id: base.here },
        select: { slug: true },
      });
      const r = await rest(listManagedCinemasOp, w.who[c], { path: `?q=${slug}` });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          const ids = (r.body as { cinemas: { id: string }[] }).cinemas.map((x) => x.id);
          expect(ids).toEqual(c === 'managerElsewhere' ? [] : [base.here]);
        },
      };
    },
  },
  'POST /api/v1/cinemas': cinemaCreate(createCinemaOp, (who, body) =>
    rest(createCinemaOp, who, { method: 'POST', body }),
  ),
  'GET /api/v1/cinemas/{cinemaId}/settings': {
    target: getCinemaSettingsOp,
    run: async (c) => {
      const r = await rest(getCinemaSettingsOp, w.who[c], { params: { cinemaId: base.here } });
      return {
        ...r,
        verify: async () =>
          allowed(r.outcome) ? expect(r.body).toMatchObject({ id: base.here }) : undefined,
      };
    },
  },
  'PATCH /api/v1/cinemas/{cinemaId}': cinemaUpdate(updateCinemaOp, (who, amenities) =>
    rest(updateCinemaOp, who, { method: 'PATCH', params: { cinemaId: base.here }, body: { amenities } }),
  ),
  createCinemaAction: cinemaCreate(createCinemaAction, (who, input) =>
    act(createCinemaAction, who, input as Parameters<typeof createCinemaAction>[0]),
  ),
  updateCinemaAction: cinemaUpdate(updateCinemaAction, async (who, amenities) =>
    act(updateCinemaAction, who, { ...(await hereSettings()), amenities, cinemaId: base.here }),
  ),

  'GET /api/v1/cinemas/{cinemaId}/staff': {
    target: listCinemaStaffOp,
    run: async (c) => {
      const r = await rest(listCinemaStaffOp, w.who[c], { params: { cinemaId: base.here } });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return;
          expect(r.body).toMatchObject({ cinema: { id: base.here } });
        },
      };
    },
  },
  'POST /api/v1/staff-invitations': staffInvite(inviteStaffOp, (who, email) =>
    rest(inviteStaffOp, who, { method: 'POST', body: { email, role: 'STAFF', cinemaIds: [base.here] } }),
  ),
  'DELETE /api/v1/staff-invitations/{id}': invitationWithdraw(withdrawStaffInvitationOp, (who, id) =>
    rest(withdrawStaffInvitationOp, who, { method: 'DELETE', params: { id } }),
  ),
  'POST /api/v1/staff-invitations/accept': invitationAccept(acceptStaffInvitationOp, (who, token) =>
    rest(acceptStaffInvitationOp, who, {
      method: 'POST',
      body: { token, account: { name: 'Invited Person', password: PASSWORD } },
    }),
  ),
  'PUT /api/v1/cinemas/{cinemaId}/staff/{userId}': staffPromote(changeStaffRoleOp, (who, userId) =>
    rest(changeStaffRoleOp, who, {
      method: 'PUT',
      params: { cinemaId: base.here, userId },
      body: { role: 'MANAGER' },
    }),
  ),
  'DELETE /api/v1/cinemas/{cinemaId}/staff/{userId}': staffRevoke(revokeStaffOp, (who, userId) =>
    rest(revokeStaffOp, who, { method: 'DELETE', params: { cinemaId: base.here, userId } }),
  ),
  inviteStaffAction: staffInvite(inviteStaffAction, (who, email) =>
    act(inviteStaffAction, who, { email, role: 'STAFF', cinemaIds: [base.here] }),
  ),
  withdrawInvitationAction: invitationWithdraw(withdrawInvitationAction, (who, id) =>
    act(withdrawInvitationAction, who, { id }),
  ),
  acceptInvitationAction: invitationAccept(acceptInvitationAction, (who, token) =>
    act(acceptInvitationAction, who, { token }),
  ),
  // Public: whoever is signed in, the account is made with the invited address (a fresh one per cell).
  signUpAndAcceptInvitationAction: {
    target: signUpAndAcceptInvitationAction,
    run: async (c) => {
      const email = `signup-${uid()}@test.local`;
      const { id, token } = await openInvitation(email);
      const r = await act(signUpAndAcceptInvitationAction, w.who[c], {
        token,
        name: 'Invited Person',
        password: PASSWORD,
      });
      return {
        ...r,
        verify: async () => {
          const { acceptedAt } = await db().staffInvitation.findUniqueOrThrow({ where: { id } });
          expect(acceptedAt !== null).toBe(allowed(r.outcome));
          expect(await db().cinemaStaff.count({ where: { cinemaId: base.here, user: { email } } })).toBe(
            allowed(r.outcome) ? 1 : 0,
          );
        },
      };
    },
  },
  changeStaffRoleAction: staffPromote(changeStaffRoleAction, (who, userId) =>
    act(changeStaffRoleAction, who, { cinemaId: base.here, userId, role: 'MANAGER' }),
  ),
  revokeStaffAction: staffRevoke(revokeStaffAction, (who, userId) =>
    act(revokeStaffAction, who, { cinemaId: base.here, userId }),
  ),

  'PUT /api/v1/cinemas/{cinemaId}/screens/{screenId}/layout': layoutEdit(
    editScreenLayoutOp,
    (who, screenId, body) =>
      rest(editScreenLayoutOp, who, { method: 'PUT', params: { cinemaId: base.here, screenId }, body }),
  ),
  'POST /api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block/preview': seatBlock(
    previewSeatBlockOp,
    (who, screenId) =>
      rest(previewSeatBlockOp, who, {
        method: 'POST',
        params: { cinemaId: base.here, screenId },
        body: { seats: 'A1', blocked: true },
      }),
    false,
  ),
  'POST /api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block': seatBlock(
    blockSeatsOp,
    (who, screenId) =>
      rest(blockSeatsOp, who, {
        method: 'POST',
        params: { cinemaId: base.here, screenId },
        body: { seats: 'A1', blocked: true, acknowledgedTicketIds: [] },
      }),
    true,
  ),
  previewSeatBlockAction: seatBlock(
    previewSeatBlockAction,
    (who, screenId) =>
      act(previewSeatBlockAction, who, { cinemaId: base.here, screenId, seats: 'A1', blocked: true }),
    false,
  ),
  blockSeatsAction: seatBlock(
    blockSeatsAction,
    (who, screenId) =>
      act(blockSeatsAction, who, {
        cinemaId: base.here,
        screenId,
        seats: 'A1',
        blocked: true,
        acknowledgedTicketIds: [],
      }),
    true,
  ),
  'PATCH /api/v1/cinemas/{cinemaId}/screens/{screenId}': screenUpdate(
    updateScreenOp,
    (who, screen, cleaningMinutes) =>
      rest(updateScreenOp, who, {
        method: 'PATCH',
        params: { cinemaId: base.here, screenId: screen.id },
        body: { cleaningMinutes },
      }),
  ),
  updateScreenAction: screenUpdate(updateScreenAction, (who, screen, cleaningMinutes) =>
    act(updateScreenAction, who, {
      cinemaId: base.here,
      screenId: screen.id,
      name: screen.name,
      formats: ['TWO_D'],
      cleaningMinutes,
    }),
  ),
  editScreenLayoutAction: layoutEdit(editScreenLayoutAction, (who, screenId, body) =>
    act(editScreenLayoutAction, who, {
      cinemaId: base.here,
      screenId,
      ...(body as Omit<Parameters<typeof editScreenLayoutAction>[0], 'cinemaId' | 'screenId'>),
    }),
  ),

  // A screen at "here" with a name of its own per cell: written, seats and all, only if allowed.
  createScreenAction: {
    target: createScreenAction,
    run: async (c) => {
      const name = `Matrix ${uid()}`;
      const draft = templateDraft('boutique');
      const r = await act(createScreenAction, w.who[c], {
        cinemaId: base.here,
        name,
        formats: ['TWO_D'],
        draft: encodeDraft(draft),
      });
      return {
        ...r,
        verify: async () => {
          const screen = await db().screen.findFirst({
            where: { cinemaId: base.here, name },
            select: { capacity: true, _count: { select: { seats: true } } },
          });
          const audits = await db().auditLog.count({
            where: { action: 'screen.created', after: { path: ['name'], equals: name } },
          });
          if (allowed(r.outcome)) {
            expect(screen?._count.seats).toBe(screen?.capacity);
            expect(screen?.capacity).toBeGreaterThan(0);
            expect(audits).toBe(1);
          } else {
            expect(screen).toBeNull();
            expect(audits).toBe(0);
          }
        },
      };
    },
  },

  checkClashesAction: programmeRead(
    checkClashesAction,
    (who) => act(checkClashesAction, who, { cinemaId: base.here, ...clashQuery() }),
    hasTimes,
  ),
  createShowtimeAction: sessionCreate(createShowtimeAction, (who, screenId) =>
    act(createShowtimeAction, who, { cinemaId: base.here, ...sessionFields(screenId) }),
  ),
  generateSessionsAction: sessionsGenerate(generateSessionsAction, (who, plan) =>
    act(generateSessionsAction, who, { cinemaId: base.here, mode: 'apply', plan }),
  ),
  savePriceCardAction: cardSave(pricingActions.savePriceCardAction, (who, entry) =>
    act(pricingActions.savePriceCardAction, who, { cinemaId: base.here, entries: [entry] }),
  ),
  deletePricingRuleAction: ruleDelete('here')(pricingActions.deletePricingRuleAction, (who, ruleId) =>
    act(pricingActions.deletePricingRuleAction, who, { cinemaId: base.here, ruleId }),
  ),
  saveGlobalPricingRuleAction: globalRuleSave(pricingActions.saveGlobalPricingRuleAction, (who, name) =>
    act(pricingActions.saveGlobalPricingRuleAction, who, weekendRule(name)),
  ),
  deleteGlobalPricingRuleAction: ruleDelete('every cinema')(
    pricingActions.deleteGlobalPricingRuleAction,
    (who, ruleId) => act(pricingActions.deleteGlobalPricingRuleAction, who, { ruleId }),
  ),
  savePricingRuleAction: ruleSave(pricingActions.savePricingRuleAction, (who, name) =>
    act(pricingActions.savePricingRuleAction, who, { cinemaId: base.here, ...weekendRule(name) }),
  ),
  previewSeatPriceAction: programmeRead(
    pricingActions.previewSeatPriceAction,
    (who) => act(pricingActions.previewSeatPriceAction, who, { cinemaId: base.here, ...seatPreview }),
    hasDayPart,
  ),
  saveProgrammeTemplateAction: templateSave(saveProgrammeTemplateAction, (who, screenId) =>
    act(saveProgrammeTemplateAction, who, { screenId, ...TEMPLATE, movieIds: [base.movieId] }),
  ),
  updateShowtimeAction: sessionUpdate(updateShowtimeAction, (who, showtimeId) =>
    act(updateShowtimeAction, who, { showtimeId, ...RETIME, prices: PROGRAMME_PRICES }),
  ),

  createFilmAction: filmCreate(createFilmAction, (who, fields) => act(createFilmAction, who, fields)),
  updateFilmAction: filmUpdate(updateFilmAction, (who, id, title) =>
    act(updateFilmAction, who, { id, title }),
  ),
  archiveFilmAction: filmArchive(archiveFilmAction, true, (who, id) => act(archiveFilmAction, who, { id })),
  unarchiveFilmAction: filmArchive(unarchiveFilmAction, false, (who, id) =>
    act(unarchiveFilmAction, who, { id }),
  ),

  createPromoAction: promoCreate(createPromoAction, (who, body) => act(createPromoAction, who, body)),
  updatePromoAction: promoUpdate(updatePromoAction, (who, id, description) =>
    act(updatePromoAction, who, { id, description }),
  ),

  // Account and 2FA actions act on the caller's own account, so every cell has a fresh caller.
  updateProfileAction: renameRow(
    updateProfileAction,
    (who, input) => act(updateProfileAction, who, input),
    // The page's session cookie is re-issued with the new name, still the caller's.
    async (r, name) => expect((await decodeToken(r.session))?.name).toBe(name),
  ),
  changePasswordAction: {
    target: changePasswordAction,
    run: async (c) => {
      const who = await freshWho(c);
      const r = await act(changePasswordAction, who, {
        currentPassword: PASSWORD,
        newPassword: 'a brand new password 42',
      });
      return { ...r, verify: async () => expect((await decodeToken(r.session))?.sub).toBe(who.user?.id) };
    },
  },
  requestEmailChangeAction: requestEmailChangeRow(requestEmailChangeAction, (who, input) =>
    act(requestEmailChangeAction, who, input),
  ),
  confirmEmailChangeAction: confirmEmailChangeRow(confirmEmailChangeAction, (who, input) =>
    act(confirmEmailChangeAction, who, input),
  ),
  deleteAccountAction: deleteAccountRow(deleteAccountAction, (who, input) =>
    act(deleteAccountAction, who, input),
  ),
  signOutEverywhereAction: {
    target: signOutEverywhereAction,
    run: async (c) => {
      const who = await freshWho(c);
      const r = await act(signOutEverywhereAction, who, {});
      return {
        ...r,
        verify: async () => {
          await expectSignedOutEverywhere(who, allowed(r.outcome));
          if (allowed(r.outcome)) expect(r.session).toBe('');
        },
      };
    },
  },
  startTotpAction: {
    target: startTotpAction,
    run: async (c) => act(startTotpAction, await freshWho(c), {}),
  },
  confirmTotpAction: confirmTotpRow(
    confirmTotpAction,
    (who, input) => act(confirmTotpAction, who, input),
    // The code just proved the second factor: the session that sent it has passed 2FA.
    async (r) => expect((await decodeToken(r.session))?.mfa).toBe('done'),
  ),
  disableTotpAction: disableTotpRow(disableTotpAction, (who, input) => act(disableTotpAction, who, input)),
  regenerateRecoveryCodesAction: regenerateRecoveryCodesRow(regenerateRecoveryCodesAction, (who, input) =>
    act(regenerateRecoveryCodesAction, who, input),
  ),
  secondFactorAction: {
    target: secondFactorAction,
    run: async (c) => {
      const holder = await account();
      await enrolTotp(holder);
      // The owner has given the right password; their session waits for the code.
      const who =
        c === 'owner'
          ? {
              caller: c,
              user: holder,
              token: await bearerFor(holder, { mfa: 'pending', pexp: Math.floor(Date.now() / 1000) + 600 }),
            }
          : w.who[c];
      const r = await act(secondFactorAction, who, { code: totpAt(holder.totp!) });
      return {
        ...r,
        verify: async () => {
          if (!allowed(r.outcome)) return void expect(r.session).toBeUndefined();
          // A finished sign-in is always the caller's own session, never the code's owner's.
          expect(await decodeToken(r.session)).toMatchObject({ sub: who.user?.id, mfa: 'done' });
        },
      };
    },
  },
  signUpAction: signUpRow(signUpAction, (who, input) => act(signUpAction, who, input)),
  verifyEmailAction: verifyEmailRow(verifyEmailAction, (who, input) => act(verifyEmailAction, who, input)),
  resendVerificationAction: resendVerificationRow(resendVerificationAction, (who, input) =>
    act(resendVerificationAction, who, input),
  ),
  requestResetAction: requestResetRow(requestResetAction, (who, input) =>
    act(requestResetAction, who, input),
  ),
  resetPasswordAction: resetPasswordRow(resetPasswordAction, (who, input) =>
    act(resetPasswordAction, who, input),
  ),
};

// ─── The cells ────────────────────────────────────────────────────────────────

for (const row of AUTHORIZATION_MATRIX) {
  describe(row.id, () => {
    CALLERS.forEach((caller, i) => {
      const expected = row.cells[i];
      it(`${CALLER_TITLES[caller]} → ${expected}`, async () => {
        const seen = await RUNS[row.id].run(caller);
        expect(seen.outcome, `answered ${JSON.stringify(seen.body)?.slice(0, 400)}`).toBe(expected);
        await seen.verify?.();
      });
    });
  });
}

// ─── The table itself ─────────────────────────────────────────────────────────

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  if (!existsSync(path.join(ROOT, dir))) return out;
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await sourceFiles(rel)));
    else if (/\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const operationOf = (row: MatrixRow): Operation | undefined =>
  API_OPERATIONS.find((o) => o.operationId === row.operation);

describe('the authorization matrix', () => {
  it('has a row for every REST operation, route handler and server action, and each row calls what it names', async () => {
    const rows: readonly MatrixRow[] = AUTHORIZATION_MATRIX;
    const missing: string[] = [];
    for (const op of API_OPERATIONS) {
      if (!rows.some((r) => r.operation === op.operationId)) missing.push(`operation ${op.operationId}`);
    }
    const files = [...(await sourceFiles('app')), ...(await sourceFiles('server/actions'))];
    expect(files, 'the scan reaches server/actions').toContain('server/actions/venues.ts');
    for (const file of files) {
      const isRoute = file.endsWith('/route.ts');
      const isActions = (await readFile(path.join(ROOT, file), 'utf8')).startsWith("'use server'");
      if (!isRoute && !isActions) continue;
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
      const exported = Object.keys(mod).filter((k) => !isRoute || HTTP_METHODS.includes(k));
      for (const name of exported) {
        if (!rows.some((r) => r.source === file && r.export === name)) missing.push(`${file} ${name}`);
      }
    }
    expect(missing, 'add a row to tests/support/authorization-matrix.ts').toEqual([]);
    for (const row of rows) {
      if (row.operation) {
        const op = operationOf(row);
        expect(op, `${row.id}: operation ${row.operation}`).toBeDefined();
        expect(RUNS[row.id as RowId].target, `${row.id} calls ${row.operation}`).toBe(op);
        continue;
      }
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, row.source ?? ''))) as Record<
        string,
        unknown
      >;
      expect(mod[row.export ?? ''], `${row.id}: ${row.source} exports ${row.export}`).toBeTypeOf('function');
      expect(RUNS[row.id as RowId].target, `${row.id} calls ${row.source} ${row.export}`).toBe(
        mod[row.export ?? ''],
      );
    }
    expect(Object.keys(RUNS).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  // What the cells show the operations really do, against what their declarations say (the
  // declarations drive the router and the OpenAPI document): a mismatch is a wrong declaration.
  it('agrees with every operation’s declared auth, success status and error statuses', () => {
    const problems: string[] = [];
    for (const row of AUTHORIZATION_MATRIX as readonly MatrixRow[]) {
      const op = operationOf(row);
      if (!op) continue;
      const cell = (c: Caller) => row.cells[CALLERS.indexOf(c)];
      const ok = (o: unknown) => typeof o === 'number' && o >= 200 && o < 300;
      const errorStatuses = new Set(operationErrorCodes(op).map((c) => ERROR_STATUS[c]));
      CALLERS.forEach((c, i) => {
        const o = row.cells[i];
        if (typeof o !== 'number') problems.push(`${row.id} ${c}: ${o} is not an HTTP status`);
        else if (ok(o) && o !== op.success.status)
          problems.push(`${row.id} ${c}: ${o}, declared ${op.success.status}`);
        else if (o >= 400 && !errorStatuses.has(o as never))
          problems.push(`${row.id} ${c}: ${o} is not a declared error`);
      });
      const auth = op.auth;
      if ((auth === 'public' || auth === 'optional') && !ok(cell('anonymous'))) {
        problems.push(`${row.id}: declared ${auth}, but anonymous gets ${cell('anonymous')}`);
      }
      if (typeof auth === 'object') {
        if (cell('anonymous') !== 401)
          problems.push(`${row.id}: signed-in only, but anonymous gets ${cell('anonymous')}`);
        const roles = auth.roles ?? [];
        if (roles.length && !roles.includes('CUSTOMER')) {
          for (const c of ['owner', 'otherCustomer'] as const)
            if (ok(cell(c))) problems.push(`${row.id}: customers not declared, but ${c} gets ${cell(c)}`);
        }
        if (roles.length && !roles.includes('STAFF')) {
          for (const c of ['staffHere', 'staffElsewhere'] as const)
            if (ok(cell(c))) problems.push(`${row.id}: staff not declared, but ${c} gets ${cell(c)}`);
        }
        if (op.strongAuth && ok(cell('managerNo2fa'))) {
          problems.push(
            `${row.id}: strong auth declared, but a manager without 2FA gets ${cell('managerNo2fa')}`,
          );
        }
        // Without strong auth, a manager must not be refused for lacking 2FA. (The answers may
        // still differ the other way: turning 2FA on is a conflict for one who has it already.)
        if (!op.strongAuth && ok(cell('managerHere')) && !ok(cell('managerNo2fa'))) {
          problems.push(`${row.id}: no strong auth declared, but 2FA changes the answer`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('is the table in the README', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    expect(
      readme.includes(authorizationMatrixMarkdown()),
      'README.md must carry the current table: node --import tsx tests/support/print-authorization-matrix.ts',
    ).toBe(true);
  });
});
