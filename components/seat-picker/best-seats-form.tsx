'use client';

import { type RefObject, useId } from 'react';
import { CATEGORY_LABELS } from '@/lib/format';
import { type HoldBestSeatsRequest, MAX_SEATS_PER_HOLD } from '@/lib/schemas/booking';
import type { SeatMap } from '@/lib/schemas/seat-map';

// Quantity first ("How many? [n] [category] [wheelchair + companion] → Best seats"): the server
// picks the best block and holds it in one step (server/booking/hold-best-seats.ts); the map then
// shows the pick, which the customer can change seat by seat. At the box office the count is a
// number field that has the focus ("2", Enter).

type Category = NonNullable<HoldBestSeatsRequest['category']>;

export function BestSeatsForm(props: {
  prices: SeatMap['prices'];
  /** The screen has wheelchair spaces: offer "wheelchair + companion". */
  wheelchair: boolean;
  defaultCount: number;
  pending: boolean;
  /** The box office: a number field, focused by the picker once the page is live. */
  countRef?: RefObject<HTMLInputElement | null>;
  onPick: (request: HoldBestSeatsRequest) => void;
}) {
  const id = useId();
  const categories = [...props.prices].sort((a, b) => a.priceMinor - b.priceMinor).map((p) => p.category);
  return (
    <form
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const category = String(data.get('category') ?? '');
        props.onPick({
          count: Number(data.get('count')),
          category: category ? (category as Category) : undefined,
          wheelchair: data.get('wheelchair') === 'on',
        });
      }}
      className="flex flex-wrap items-end gap-x-3 gap-y-2 rounded-lg border border-stone-200 p-3 text-sm dark:border-ink-700"
    >
      <p id={`${id}-title`} className="w-full font-medium">
        Best seats together, chosen and held for you
      </p>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-count`}>How many seats?</label>
        {props.countRef ? (
          <input
            id={`${id}-count`}
            name="count"
            type="number"
            min={1}
            max={MAX_SEATS_PER_HOLD}
            required
            ref={props.countRef}
            className="h-9 w-20 rounded border bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
          />
        ) : (
          <select
            id={`${id}-count`}
            name="count"
            defaultValue={props.defaultCount}
            className="h-9 rounded border bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
          >
            {Array.from({ length: MAX_SEATS_PER_HOLD }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
      </div>
      {categories.length > 1 ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-category`}>Seat type</label>
          <select
            id={`${id}-category`}
            name="category"
            defaultValue=""
            className="h-9 rounded border bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
          >
            <option value="">Any</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {props.wheelchair ? (
        <label className="flex h-9 items-center gap-2">
          <input name="wheelchair" type="checkbox" className="h-4 w-4" />
          Wheelchair + companion
        </label>
      ) : null}
      <button
        type="submit"
        disabled={props.pending}
        className="h-9 rounded bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:opacity-50"
      >
        Best seats
      </button>
    </form>
  );
}
