import type { ReactNode } from 'react';
import { buttonClass } from '@/components/ui/field';

// Small pieces every account form shares: the alert and notice boxes, the secondary button.

export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {children}
    </p>
  );
}

export function FormNotice({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded bg-emerald-50 p-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
    >
      {children}
    </p>
  );
}

/** The form's main button: disabled while the form is sending, and says what it is doing. */
export function SubmitButton({
  pending,
  busy,
  children,
}: {
  pending: boolean;
  busy: string;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={buttonClass} disabled={pending}>
      {pending ? busy : children}
    </button>
  );
}

export const secondaryButtonClass =
  'inline-flex h-11 items-center justify-center rounded-md border border-stone-300 px-4 font-medium hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-ink-700 dark:hover:bg-ink-800';

export const linkClass = 'font-medium text-brand-700 underline dark:text-brand-400';

/** Field errors from a VALIDATION_FAILED result, by field name. */
export function fieldErrors(error: { code: string; details?: unknown }): Record<string, string> {
  const details = error.details as { path: string; message: string }[] | undefined;
  if (error.code !== 'VALIDATION_FAILED' || !Array.isArray(details)) return {};
  return Object.fromEntries(details.map((d) => [d.path, d.message]));
}
