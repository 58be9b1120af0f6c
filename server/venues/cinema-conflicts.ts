import 'server-only';
import { AppError } from '@/lib/errors';
import { isConstraintViolation } from '@/server/db/errors';

// The unique indexes a cinema's fields can run into, each turned into an error at its field (a
// concurrent twin that got there first runs into the same index).
const FIELD_CONFLICTS: { constraint: string; path: string; message: string }[] = [
  { constraint: 'cinemas_slug_key', path: 'slug', message: 'Another cinema already has this slug.' },
  {
    constraint: 'cinemas_invoice_prefix_key',
    path: 'invoicePrefix',
    message: 'Another cinema already numbers its invoices with this prefix.',
  },
  {
    constraint: 'cities_slug_key',
    path: 'city.slug',
    message: 'A city with this slug already exists: choose it.',
  },
];

/** The error to answer for a write that broke one of those indexes; the error itself otherwise. */
export function cinemaConflict(error: unknown): unknown {
  for (const { constraint, path, message } of FIELD_CONFLICTS) {
    if (isConstraintViolation(error, constraint)) {
      return new AppError('CONFLICT', message, { details: [{ path, message }] });
    }
  }
  return error;
}
