'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '@/lib/format';

type Hour = { hour: number; tickets: number; netMinor: number };

const hourLabel = (h: number) => `${h % 12 === 0 ? 12 : h % 12}${h < 12 ? 'am' : 'pm'}`;

/**
 * Tickets sold per hour of the day. The chart is a picture for sighted readers (its colours read
 * in light and dark mode: axes in currentColor, bars in a mid green); the same numbers are in the
 * table under it, which screen readers and keyboard users get instead.
 */
export function SalesChart({ hours }: { hours: Hour[] }) {
  const data = hours.map((h) => ({ ...h, label: hourLabel(h.hour) }));
  const total = hours.reduce((n, h) => n + h.tickets, 0);
  const busiest = hours.reduce(
    (a, b) => (b.tickets > a.tickets ? b : a),
    hours[0] ?? { hour: 0, tickets: 0 },
  );
  return (
    <figure className="min-w-0 space-y-2">
      <div className="h-56 w-full min-w-0 text-stone-700 dark:text-stone-300" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} vertical={false} />
            <XAxis
              dataKey="label"
              interval={2}
              tick={{ fill: 'currentColor', fontSize: 12 }}
              stroke="currentColor"
              tickLine={false}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: 'currentColor', fontSize: 12 }}
              stroke="currentColor"
              tickLine={false}
              width={48}
            />
            <Tooltip
              cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
              content={({ active, payload }) => {
                const p = payload?.[0]?.payload as (Hour & { label: string }) | undefined;
                if (!active || !p) return null;
                return (
                  <div className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow dark:border-ink-700 dark:bg-ink-900 dark:text-stone-100">
                    {p.label}: {p.tickets} tickets, {formatMoney(p.netMinor)} net
                  </div>
                );
              }}
            />
            <Bar
              dataKey="tickets"
              name="Tickets"
              fill="#059669"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-sm text-stone-600 dark:text-stone-400">
        {total === 0
          ? 'No tickets sold yet on this day.'
          : `${total} tickets sold; busiest hour ${hourLabel(busiest.hour)} (${busiest.tickets}).`}
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Sales per hour as a table</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">Tickets and net revenue per hour of the day</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-2">
                Hour
              </th>
              <th scope="col" className="py-1 pr-2 text-right">
                Tickets
              </th>
              <th scope="col" className="py-1 text-right">
                Net revenue
              </th>
            </tr>
          </thead>
          <tbody>
            {data
              .filter((h) => h.tickets > 0)
              .map((h) => (
                <tr key={h.hour} className="border-t border-stone-200 dark:border-ink-700">
                  <th scope="row" className="py-1 pr-2 font-normal">
                    {h.label}–{hourLabel((h.hour + 1) % 24)}
                  </th>
                  <td className="py-1 pr-2 text-right">{h.tickets}</td>
                  <td className="py-1 text-right">{formatMoney(h.netMinor)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
