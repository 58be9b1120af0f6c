import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { ErrorBody } from '@/lib/errors';

// The server's verdict on an admin form, placed where it belongs: each `{ path, message }` of
// VALIDATION_FAILED's details on its field (the first one focused), whatever is left as the
// form's own message. Nothing the user typed is touched.

type Detail = { path?: unknown; message?: unknown };

/** Returns the message for the form as a whole, or null when every problem landed on a field. */
export function placeServerErrors<T extends FieldValues>(
  form: UseFormReturn<T>,
  error: ErrorBody['error'],
  fields: readonly Path<T>[],
): string | null {
  const details: Detail[] = Array.isArray(error.details) ? (error.details as Detail[]) : [];
  let placed = false;
  for (const d of details) {
    if (typeof d.path !== 'string' || typeof d.message !== 'string') continue;
    const field = fields.find((f) => d.path === f || (d.path as string).startsWith(`${f}.`));
    if (!field) continue;
    form.setError(field, { type: 'server', message: d.message }, { shouldFocus: !placed });
    placed = true;
  }
  return placed ? null : error.message;
}
