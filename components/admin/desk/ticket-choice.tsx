'use client';

import { useId } from 'react';

export type DeskTicket = { id: string; seat: string; checkedIn: boolean };

/**
 * A booking's live tickets as checkboxes (checked-in ones cannot be chosen), kept as an array of
 * ids whatever their number: react-hook-form would read a lone checkbox as a string.
 */
export function TicketChoice(props: {
  legend: string;
  tickets: DeskTicket[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const errorId = useId();
  return (
    <fieldset className="space-y-2" aria-describedby={props.error ? errorId : undefined}>
      <legend className="text-sm font-medium">{props.legend}</legend>
      <div className="flex flex-wrap gap-3">
        {props.tickets.map((t) => (
          <label
            key={t.id}
            className="flex items-center gap-2 rounded-md border border-stone-300 px-3 py-2 dark:border-ink-700"
          >
            <input
              type="checkbox"
              value={t.id}
              disabled={t.checkedIn}
              className="h-5 w-5"
              checked={props.chosen.includes(t.id)}
              onChange={(e) =>
                props.onChange(
                  e.target.checked ? [...props.chosen, t.id] : props.chosen.filter((x) => x !== t.id),
                )
              }
            />
            <span>
              Seat {t.seat}
              {t.checkedIn ? ' (checked in)' : ''}
            </span>
          </label>
        ))}
      </div>
      {props.error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
