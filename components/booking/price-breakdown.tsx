import type { ReactNode } from 'react';
import { CATEGORY_LABELS, formatMoney } from '@/lib/format';
import type { PriceBreakdown as Price } from '@/lib/schemas/pricing';

// Displays a price the server computed; never computes one. Used by checkout (client) and the
// booking page (server), so it holds no hooks.

/** Basis points as a signed percentage: -2000 → "−20 %". */
function formatBps(bps: number): string {
  const pct = Math.abs(bps) / 100;
  const sign = bps < 0 ? '\u2212' : '+';
  return `${sign}${Number.isInteger(pct) ? pct : pct.toFixed(1)}\u00a0%`;
}

const seatOrder = new Intl.Collator('en', { numeric: true });

export function PriceBreakdown({ price, totalLabel = 'Total' }: { price: Price; totalLabel?: string }) {
  const seats = [...price.seats].sort((a, b) => seatOrder.compare(a.label, b.label));
  const money = (minor: number) => formatMoney(minor, price.currency);
  return (
    <div className="space-y-3 text-sm">
      <ul aria-label="Seats" className="divide-y divide-stone-200 dark:divide-ink-700">
        {seats.map((s) => (
          <li key={s.seatId} className="flex items-baseline justify-between gap-3 py-1.5">
            <span>
              <span className="font-semibold">{s.label}</span>{' '}
              <span className="text-stone-600 dark:text-stone-400">{CATEGORY_LABELS[s.category]}</span>
              {s.adjustmentBps !== 0 ? (
                <span className="block text-xs text-stone-500 dark:text-stone-400">
                  {money(s.baseMinor)} {formatBps(s.adjustmentBps)}
                </span>
              ) : null}
            </span>
            <span className="tabular-nums">{money(s.priceMinor)}</span>
          </li>
        ))}
      </ul>
      {price.rules.length ? (
        <ul aria-label="Pricing rules applied" className="flex flex-wrap gap-1.5">
          {price.rules.map((r) => (
            <li
              key={r.name}
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${
                r.adjustmentBps < 0
                  ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
                  : 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'
              }`}
            >
              {r.name} {formatBps(r.adjustmentBps)}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="space-y-1 border-t border-stone-200 pt-3 dark:border-ink-700">
        <Row label="Subtotal" value={money(price.subtotalMinor)} />
        {price.discount ? (
          <Row
            label={
              <>
                Discount <span className="font-mono text-xs">{price.discount.code}</span>{' '}
                <span className="block text-xs text-stone-500 dark:text-stone-400">
                  {price.discount.description}
                </span>
              </>
            }
            value={`\u2212${money(price.discount.amountMinor)}`}
            className="text-emerald-700 dark:text-emerald-400"
          />
        ) : null}
        <Row
          label={`Booking fee (${price.seats.length} ${price.seats.length === 1 ? 'seat' : 'seats'})`}
          value={money(price.feeMinor)}
        />
        <Row label={`GST (${formatBps(price.taxRateBps).slice(1)})`} value={money(price.taxMinor)} />
        <Row
          label={totalLabel}
          value={money(price.totalMinor)}
          className="border-t border-stone-200 pt-2 text-base font-bold dark:border-ink-700"
        />
      </dl>
    </div>
  );
}

function Row({ label, value, className = '' }: { label: ReactNode; value: string; className?: string }) {
  return (
    <div className={`flex items-baseline justify-between gap-3 ${className}`}>
      <dt>{label}</dt>
      <dd className="shrink-0 tabular-nums">{value}</dd>
    </div>
  );
}
