// What PostgreSQL said, dug out of whichever wrapper Prisma 7 put around it. Through the pg
// driver adapter an error arrives as a PrismaClientKnownRequestError (P2002, P2010, P2034...)
// with meta.driverAdapterError.cause, or as a bare DriverAdapterError whose cause carries
// originalCode (a serialization failure at COMMIT arrives that way, with no `code`).

export type PgErrorInfo = { sqlState: string; constraint?: string; message: string };

type Cause = {
  originalCode?: string;
  code?: string;
  originalMessage?: string;
  message?: string;
  constraint?: { index?: string; fields?: string[] } | string;
  kind?: string;
};

function causeOf(e: unknown): Cause | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const any = e as { meta?: { driverAdapterError?: { cause?: Cause } }; cause?: Cause; name?: string };
  return any.meta?.driverAdapterError?.cause ?? (any.name === 'DriverAdapterError' ? any.cause : undefined);
}

export function pgError(e: unknown): PgErrorInfo | null {
  const cause = causeOf(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (!cause) {
    if (code === 'P2034') return { sqlState: '40001', message: 'serialization failure' };
    // A plain node-postgres error (raw pg client).
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const pgErr = e as { constraint?: string; message: string };
      return { sqlState: code, constraint: pgErr.constraint, message: pgErr.message };
    }
    return null;
  }
  const sqlState = cause.originalCode ?? cause.code ?? (code === 'P2034' ? '40001' : '');
  const message = cause.originalMessage ?? cause.message ?? '';
  let constraint = typeof cause.constraint === 'string' ? cause.constraint : cause.constraint?.index;
  constraint ??= /constraint "([^"]+)"/.exec(message)?.[1];
  return { sqlState, constraint, message };
}

/** Worth retrying the whole transaction: serialization failure or deadlock. */
export function isRetryableTxError(e: unknown): boolean {
  if ((e as { code?: unknown } | null)?.code === 'P2034') return true;
  const info = pgError(e);
  return info?.sqlState === '40001' || info?.sqlState === '40P01';
}

export function isConstraintViolation(e: unknown, constraint?: string): boolean {
  const info = pgError(e);
  if (!info?.sqlState.startsWith('23')) return false;
  return constraint === undefined || info.constraint === constraint;
}

// The database is unreachable or going away, not wrong: a restart, a failover, a full pool. The
// request may well succeed a moment later, so it is a 503 with Retry-After, never a 500. Each
// shape below was seen from pg 8 or Prisma 7 through @prisma/adapter-pg (tests/integration/
// db-unavailable.int.test.ts provokes every one against a real PostgreSQL).
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '53300', // too_many_connections
]);
// Prisma: can't reach the server, timed out, server closed the connection, and a transaction that
// could not start in time (its pool was exhausted) or outlived its timeout.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2028']);
// What @prisma/adapter-pg calls a socket that failed (convertDriverError).
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
// pg and pg-pool raise these as plain Errors with no code (Prisma passes them through as they are).
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Can't reach database server)/;

function unavailableHere(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message, kind } = e as { code?: unknown; message?: unknown; kind?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) return true;
  }
  if (typeof kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** The database could not be reached or dropped the connection: worth retrying in a moment. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const info = pgError(e);
  if (info && (info.sqlState.startsWith('08') || UNAVAILABLE_SQLSTATES.has(info.sqlState))) return true;
  // The error itself, the adapter's cause inside Prisma's wrapper, and any `cause` chain.
  let current: unknown = e;
  for (let depth = 0; current && depth < 5; depth++) {
    if (unavailableHere(current) || unavailableHere(causeOf(current))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
