'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';
import { buttonBase } from '@/components/ui/buttons';

// The admin screens' modal dialog. Native <dialog> (modal: focus stays inside, Escape closes,
// focus returns to the button that opened it). Button shapes: components/ui/buttons.ts.

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
