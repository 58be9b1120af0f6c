'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';

// The admin screens' modal dialog and button shapes. Native <dialog> (modal: focus stays inside,
// Escape closes, focus returns to the button that opened it).

const buttonShape =
  'inline-flex min-h-9 items-center justify-center gap-1 rounded-md border px-3 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';
export const buttonBase = `${buttonShape} border-stone-300 bg-white hover:bg-stone-100 dark:border-ink-700 dark:bg-ink-900 dark:hover:bg-ink-800`;
/** A tool that is on (aria-pressed). */
export const buttonPressed = `${buttonShape} border-stone-900 bg-stone-900 text-white hover:bg-stone-800 dark:border-stone-100 dark:bg-stone-100 dark:text-ink-950 dark:hover:bg-stone-200`;
export const primaryButton =
  'inline-flex min-h-9 items-center justify-center rounded-md bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60';

export function Dialog(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={props.onClose}
      className={`m-auto w-[calc(100%-2rem)] rounded-lg border border-stone-200 bg-white p-0 text-stone-900 shadow-xl backdrop:bg-black/50 dark:border-ink-700 dark:bg-ink-900 dark:text-stone-100 ${props.wide ? 'max-w-3xl' : 'max-w-md'}`}
    >
      {props.open ? (
        <div className="space-y-4 p-5">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="font-display text-xl font-bold">
              {props.title}
            </h2>
            <button type="button" className={buttonBase} onClick={props.onClose}>
              Close
            </button>
          </div>
          {props.children}
        </div>
      ) : null}
    </dialog>
  );
}
