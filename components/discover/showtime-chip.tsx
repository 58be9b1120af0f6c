import Link from 'next/link';
import { AccessChips } from '@/components/access-chips';
import { ACCESS_LABELS, type AccessFeature, accessChips } from '@/lib/accessibility';
import { AVAILABILITY_LABELS, type Availability } from '@/lib/availability';
import { FORMAT_LABELS, formatMoney, formatTime } from '@/lib/format';
import type { ScreenType } from '@/lib/screen-type';

export type ChipShowtime = {
  id: string;
  startsAt: string;
  format: string;
  language: string;
  screen: string;
  screenType?: ScreenType | null;
  priceFromMinor: number | null;
  seatsLeft: number;
  availability: Availability;
  /** Accessible-showing features; left out where a list does not carry them. */
  accessibility?: AccessFeature[];
  wheelchairAccessible?: boolean;
};

const TONE: Record<Availability, string> = {
  available: 'border-emerald-600/60 hover:bg-emerald-50 dark:hover:bg-emerald-950',
  'almost-full': 'border-amber-500 hover:bg-amber-50 dark:hover:bg-amber-950',
  'sold-out': 'border-stone-300 bg-stone-100 text-stone-500 dark:border-ink-700 dark:bg-ink-900',
};
const TIME_TONE: Record<Availability, string> = {
  available: 'text-emerald-700 dark:text-emerald-400',
  'almost-full': 'text-amber-700 dark:text-amber-300',
  'sold-out': 'text-stone-500 line-through dark:text-stone-400',
};

/** One showtime: its time, format, language and price; "Almost full" or "Sold out" when it is. */
export function ShowtimeChip({ showtime: s }: { showtime: ChipShowtime }) {
  const format = FORMAT_LABELS[s.format] ?? s.format;
  const price = s.priceFromMinor !== null ? formatMoney(s.priceFromMinor) : null;
  const seats =
    s.availability === 'sold-out'
      ? 'sold out'
      : `${s.availability === 'almost-full' ? 'almost full, ' : ''}${s.seatsLeft} ${s.seatsLeft === 1 ? 'seat' : 'seats'} left`;
  // The visible text first and in its order, then the rest: speech users say what they see
  // (WCAG 2.5.3, label in name).
  // A premium screen is named (unless the format already says it, as "IMAX" does) and says why it
  // costs more: in the label for everyone, as a tooltip for pointers (lib/screen-type.ts).
  const type = s.screenType ?? null;
  const typeShown = type && type.name !== format ? type.name : null;
  const access = {
    accessibility: s.accessibility ?? [],
    wheelchairAccessible: s.wheelchairAccessible ?? false,
  };
  // The feature chips stand under the chip, outside the link, so the link's visible text is what
  // it always was; their full names end the link's name ("…, Audio described, Relaxed
  // screening"), so the chips themselves are hidden from assistive technology (said once).
  const accessText = accessChips(access)
    .map((f) => ACCESS_LABELS[f].name)
    .join(', ');
  const label = `${formatTime(s.startsAt)}, ${format}, ${s.language}${price ? `, from ${price}` : ''}${type ? `, ${type.why}` : ''}, ${seats}, ${s.screen}${accessText ? `, ${accessText}` : ''}`;
  const body = (
    <>
      {/* The spaces keep the words apart in the text (a flex column lays them out without). */}
      <span className={`font-semibold ${TIME_TONE[s.availability]}`}>{formatTime(s.startsAt)}</span>{' '}
      <span className="text-xs text-stone-600 dark:text-stone-400">
        {format} · {s.language}
      </span>{' '}
      {price ? <span className="text-xs text-stone-600 dark:text-stone-400">from {price}</span> : null}{' '}
      {typeShown ? (
        <span className="text-[11px] font-semibold text-violet-800 dark:text-violet-300">{typeShown}</span>
      ) : null}{' '}
      {s.availability !== 'available' ? (
        <span
          className={`mt-0.5 rounded px-1.5 text-[11px] font-semibold uppercase tracking-wide ${
            s.availability === 'almost-full'
              ? 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'
              : 'bg-stone-200 text-stone-700 dark:bg-ink-700 dark:text-stone-300'
          }`}
        >
          {AVAILABILITY_LABELS[s.availability]}
        </span>
      ) : null}
    </>
  );
  const className = `flex min-w-[6.5rem] flex-col items-center rounded-md border px-3 py-1.5 text-center leading-snug ${TONE[s.availability]}`;
  const chip =
    s.availability === 'sold-out' ? (
      // Not a link: nothing to book. Still in the list, so the programme reads the same.
      <span className={className} title={type?.why}>
        <span aria-hidden="true" className="contents">
          {body}
        </span>
        <span className="sr-only">{label}</span>
      </span>
    ) : (
      <Link href={`/showtimes/${s.id}`} aria-label={label} title={type?.why} className={className}>
        {body}
      </Link>
    );
  if (!accessText) return chip;
  return (
    <span className="inline-flex flex-col items-center gap-1">
      {chip}
      <AccessChips access={access} decorative />
    </span>
  );
}
