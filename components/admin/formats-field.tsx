'use client';

import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { FORMAT_LABELS } from '@/lib/format';
import { FORMAT_VALUES } from '@/lib/schemas/discover';

/** The formats a screen can project, as checkboxes with their error; shared by the screen forms. */
export function FormatsField(props: { register: UseFormRegisterReturn; error?: string; id?: string }) {
  const own = useId();
  const id = props.id ?? own;
  const { register, error } = props;
  return (
    <fieldset id={id} className="space-y-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">Formats it can project</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1">
        {FORMAT_VALUES.map((f) => (
          <label key={f} className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" value={f} className="h-5 w-5" {...register} />
            {FORMAT_LABELS[f]}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
