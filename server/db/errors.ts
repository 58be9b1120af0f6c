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
