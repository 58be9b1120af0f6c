'use client';

import { useId } from 'react';
import { ACCESS_FEATURES, ACCESS_LABELS, type AccessFeature, canonicalFeatures } from '@/lib/accessibility';

/**
 * The accessible-showing features as checkboxes, each with what it promises the audience. The
 * wheelchair screen is not offered: it comes from the screen's layout (lib/accessibility.ts).
 */
export function AccessFieldset(props: {
  value: readonly AccessFeature[];
  onChange: (features: AccessFeature[]) => void;
  error?: string;
  /** Names the group where there are several (a rolling programme's slots). */
  legend?: string;
}) {
  const id = useId();
  return (
    <fieldset className="space-y-2" aria-describedby={`${id}-note`}>
      <legend className="text-sm font-medium">{props.legend ?? 'Accessible showing'}</legend>
      <p id={`${id}-note`} className="text-xs text-stone-600 dark:text-stone-400">
        Whether the screen is wheelchair accessible comes from its layout (wheelchair spaces), not from here.
      </p>
      <div className="grid gap-2 sm:grid-cols-2">
        {ACCESS_FEATURES.map((f) => (
          // The hint describes the box rather than naming it: the name stays short.
          <div key={f} className="flex items-start gap-2 text-sm">
            <input
              id={`${id}-${f}-box`}
              type="checkbox"
              className="mt-0.5 h-4 w-4 shrink-0"
              checked={props.value.includes(f)}
              aria-describedby={`${id}-${f}`}
              onChange={(e) =>
                props.onChange(
                  canonicalFeatures(
                    e.target.checked ? [...props.value, f] : props.value.filter((x) => x !== f),
                  ),
                )
              }
            />
            <div>
              <label htmlFor={`${id}-${f}-box`}>
                {ACCESS_LABELS[f].name} ({ACCESS_LABELS[f].short})
              </label>
              <p id={`${id}-${f}`} className="text-xs text-stone-600 dark:text-stone-400">
                {ACCESS_LABELS[f].hint}
              </p>
            </div>
          </div>
        ))}
      </div>
      {props.error ? <p className="text-sm text-red-700 dark:text-red-400">{props.error}</p> : null}
    </fieldset>
  );
}
