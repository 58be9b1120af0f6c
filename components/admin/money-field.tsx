'use client';

import { useEffect, useId, useState } from 'react';

// Money typed in whole rupees, held in paise (integer minor units) as every schema wants it.
// The text typed is kept as typed: a half-typed amount is not rewritten under the cursor.

export function MoneyField(props: {
  label: string;
  valueMinor: number | undefined;
  onChange: (minor: number) => void;
  error?: string;
  hint?: string;
}) {
  const id = useId();
  const [text, setText] = useState(() =>
    props.valueMinor === undefined || Number.isNaN(props.valueMinor) ? '' : String(props.valueMinor / 100),
  );
  // A value set from outside (a preset, a reset) replaces what is shown.
  useEffect(() => {
    const shown = text.trim() === '' ? Number.NaN : Math.round(Number(text) * 100);
    if (props.valueMinor !== undefined && !Number.isNaN(props.valueMinor) && shown !== props.valueMinor)
      setText(String(props.valueMinor / 100));
  }, [props.valueMinor, text]);
  const describedBy =
    [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {props.label}
      </label>
      <div className="flex items-center rounded-md border border-stone-300 bg-white shadow-sm focus-within:border-brand-500 dark:border-ink-700 dark:bg-ink-900">
        <span aria-hidden="true" className="pl-3 text-stone-500 dark:text-stone-400">
          ₹
        </span>
        <input
          id={id}
          inputMode="numeric"
          autoComplete="off"
          value={text}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            const v = e.target.value.trim();
            props.onChange(v === '' ? Number.NaN : Math.round(Number(v.replace(/,/g, '')) * 100));
          }}
          className="block h-11 w-full rounded-md bg-transparent px-2 text-base"
        />
      </div>
      {props.hint ? (
        <p id={`${id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
