import 'server-only';
import type { z } from 'zod';
import type { ErrorCode } from '@/lib/errors';
import type { RoleName } from '@/lib/schemas/auth';
import type { Viewer } from '@/server/auth/session';

// One declaration per REST operation: method, path, who may call it, what it takes, what it
// answers and with which errors, and the handler, in one object. The router
// (server/api/router.ts) serves it, run-operation.ts enforces it (authentication, second factor,
// validation, body limits, the status and the error envelope), and the OpenAPI document
// (server/api/openapi.ts) is generated from it. Nothing about an operation is written twice.

export const API_TAGS = {
  Auth: 'API tokens for server-to-server and mobile clients.',
  Account:
    "Signing up, proving an email address and resetting a password; then the caller's own account: its details, email address, password, two-factor authentication, and deleting it.",
  Showtimes: 'Live seat maps, the waitlist of a sold-out show, cancelling a whole showtime (managers).',
  Holds: 'Holding seats while the customer pays, releasing them, and paying.',
  Pricing:
    "Price quotes (the same computation a hold locks in), and a cinema's price card (managers and admins).",
  Bookings: "The caller's bookings, their tickets, calendar files and invoices, cancellation, and refunds.",
  Catalog:
    "Finding films and cinemas: what's on in a city, a film's page and showtimes, cinemas near a place and what's on at each, search suggestions, reviews and ratings.",
  Films:
    'The catalogue as cinema managers and admins run it: every film (archived ones too) by id, adding, editing and archiving films, and their posters.',
  Promos:
    'Promo codes as cinema managers (for their cinemas) and admins run them: terms, where they apply, and their use so far.',
  'Bookings desk':
    "A cinema's bookings as its staff and managers work on them: finding one, cancelling and refunding it in full or in part, moving it to other seats or another show, sending its tickets again.",
  Tickets: 'At the door: checking a ticket in by its signed QR code (cinema staff).',
  'Box office':
    'Selling at the counter on the live seat map (staff and managers of the cinema): paying a hold in cash, by card terminal or UPI, tills and cash-up, and refunds of counter sales.',
  Programme:
    "A cinema's programme (managers and admins): the week's sessions, adding, moving and retiming them, generating many at once from a plan, and the rolling template that keeps the programme two weeks ahead.",
  Venues:
    "Running cinemas (managers and admins): a cinema's settings, its screens, their seat layouts in versions, seats out of service.",
  Reports:
    'Occupancy, revenue net of fees and tax, refunds, promo usage and the distributor report of the cinemas a manager runs (admins: all), as JSON, CSV or XLSX, read from rollups refreshed every minute.',
  Staff:
    'Who works where: inviting staff and managers to cinemas by email, changing and revoking their roles.',
  'Apple Wallet':
    "Apple's PassKit web service, called by Wallet on the customer's phone (not by clients): registering a ticket's pass for updates, the passes changed since, the pass as it is now, and Wallet's error log. Paths and answers are Apple's.",
  Operations: 'Health, scheduled jobs, payment webhooks and this document.',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call: `public` (no session is even read), `optional` (a session is used when sent),
 * signed-in users with at least one of `roles` (none: any signed-in user; ADMIN always passes;
 * cinema-scoped checks are the use case's, which knows the cinema), or a secret that is not a
 * session at all (`wallet-pass`: the pass's own token, `Authorization: ApplePass <token>`, checked
 * by the use case, which knows the pass).
 */
export type AuthSpec =
  | 'public'
  | 'optional'
  | { roles?: readonly RoleName[] }
  | 'cron'
  | 'stripe-signature'
  | 'wallet-pass';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler may return instead of its JSON body: another status, headers, or a file. */
export type Reply = {
  readonly __reply: true;
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A non-JSON body (a PDF, a calendar file), sent with `contentType`. */
  body?: string | Uint8Array;
  contentType?: string;
};

export function reply(r: Omit<Reply, '__reply'>): Reply {
  return { __reply: true, ...r };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && (value as { __reply?: unknown }).__reply === true;
}

export type HeaderSource = { get(name: string): string | null };

export type OperationContext<P, Q, B, A extends AuthSpec> = {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  viewer: A extends { roles?: readonly RoleName[] } ? Viewer : Viewer | null;
  headers: HeaderSource;
  /** The raw body as received (`rawBody` operations: verified by a signature, not parsed). */
  rawBody: string;
  /** The uploaded file (`upload` operations), as bytes; empty otherwise. */
  bytes: Buffer;
  /** The Idempotency-Key header, validated (idempotent operations). */
  idempotencyKey: string | undefined;
  requestId: string;
  ip: string | undefined;
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type SuccessSpec = {
  status: number;
  description: string;
  /** The JSON body (in tests every answer is checked against it). */
  schema?: z.ZodType;
  /** A body that is not JSON (the schema is then omitted). */
  contentType?:
    | 'application/pdf'
    | 'text/calendar'
    | 'image/webp'
    | 'text/csv'
    | 'application/wasm'
    | 'application/vnd.apple.pkpass'
    | typeof XLSX_TYPE;
  /** Content-Disposition of a file, as documented. */
  disposition?: string;
  /**
   * The handler sets an `etag` header on its reply: the answer is then conditional, and a
   * request whose `If-None-Match` names it gets 304 with no body.
   */
  etag?: boolean;
  /** Other successful answers the handler gives (Apple's 200 beside 201, 204, 304), as documented. */
  also?: readonly { status: number; description: string }[];
  /**
   * The handler may answer 503 with this same schema (a health report that failed), described
   * so; documented in place of the BUSY envelope.
   */
  unavailable?: string;
};

export type Operation<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  A extends AuthSpec = AuthSpec,
> = {
  operationId: string;
  method: HttpMethod;
  /** With `{param}` placeholders, as in the document. */
  path: string;
  tag: ApiTag;
  summary: string;
  /** Markdown. */
  description: string;
  auth: A;
  /** Managers and admins must have passed two-factor authentication (staff and customers unaffected). */
  strongAuth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** The handler reads the raw body itself: no JSON parsing or content-type check. */
  rawBody?: boolean;
  /**
   * The body is a file, handed to the handler as bytes (up to `maxBodyBytes`): sent as one of
   * `mediaTypes` or as application/octet-stream. What it really is, the handler judges from its
   * content; the declared type only has to say it is a file.
   */
  upload?: { mediaTypes: readonly string[]; description: string; example: string };
  /** Default 32 KiB: no JSON body this API accepts is larger. */
  maxBodyBytes?: number;
  /** Reads an `Idempotency-Key` header; replays answer with `Idempotent-Replayed: true`. */
  idempotent?: boolean;
  /** Documented request headers besides Authorization and Idempotency-Key. */
  headers?: readonly { name: string; required: boolean; description: string; example: string }[];
  success: SuccessSpec;
  /** Codes the operation answers with besides BUSY and INTERNAL, which any may. */
  errors: readonly ErrorCode[];
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string | number | boolean>;
    body?: unknown;
  };
  handler: (ctx: OperationContext<P, Q, B, A>) => Promise<unknown>;
};

/** Declares an operation; the identity, with the types tying the handler to its schemas. */
export function operation<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends AuthSpec = AuthSpec,
>(op: Operation<P, Q, B, A> & { auth: A }): Operation {
  return op as unknown as Operation;
}

/** Errors a client can cause by what it sends, for operations that take a JSON body. */
export const BODY_ERRORS = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
] as const;

/**
 * Every code an operation may answer with, BUSY and INTERNAL included (BUSY not for a health
 * report, whose 503 is the report itself: it catches the outage BUSY would name).
 */
export function operationErrorCodes(op: Pick<Operation, 'errors' | 'success'>): ErrorCode[] {
  const busy: ErrorCode[] = op.success.unavailable ? [] : ['BUSY'];
  return [...new Set<ErrorCode>([...op.errors, ...busy, 'INTERNAL'])];
}

/** A person's reading of who may call, for the reference page. */
export function authLabel(auth: AuthSpec, strongAuth = false): string {
  if (auth === 'public') return 'None';
  if (auth === 'optional') return 'Optional (bearer token or session)';
  if (auth === 'cron') return 'Cron secret (bearer)';
  if (auth === 'stripe-signature') return 'Stripe signature';
  if (auth === 'wallet-pass') return "The pass's authentication token (`Authorization: ApplePass <token>`)";
  const roles = auth.roles ?? [];
  const who =
    roles.length === 0
      ? 'Signed-in user'
      : `${roles.map((r) => ({ CUSTOMER: 'Customers', STAFF: 'Staff', MANAGER: 'Managers', ADMIN: 'Admins' })[r]).join(' or ')} of the cinema, or admins`;
  return `${who} (bearer token or session)${strongAuth ? '; managers and admins after two-factor authentication' : ''}`;
}

/** A file to download: its bytes, type and name, never cached by shared caches. */
export function file(body: string | Uint8Array, contentType: string, filename: string): Reply {
  return reply({
    body,
    contentType,
    headers: {
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}
