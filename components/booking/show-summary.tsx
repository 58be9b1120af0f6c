import { Poster } from '@/components/poster';
import { FORMAT_LABELS, formatDay, formatTime } from '@/lib/format';

// The film, cinema and time of a showtime, as a compact header for checkout and tickets.

export type ShowSummaryProps = {
  movie: { title: string; certificate: string; posterUrl: string };
  cinema: { name: string; address: string };
  screen: string;
  startsAt: string;
  format: string;
  language: string;
  /** Labels of the seats held or booked, shown under the cinema. */
  seats: string[];
  /** Heading level of the film title. */
  as?: 'h1' | 'h2';
};

export function ShowSummary({
  movie,
  cinema,
  screen,
  startsAt,
  format,
  language,
  seats,
  as: Heading = 'h2',
}: ShowSummaryProps) {
  return (
    <div className="flex gap-4">
      <Poster
        url={movie.posterUrl}
        alt=""
        sizes="80px"
        className="h-[120px] w-20 shrink-0 rounded-md bg-stone-200 object-cover shadow-sm dark:bg-ink-800"
      />
      <div className="min-w-0 space-y-1">
        <Heading className="font-display text-xl font-bold leading-tight sm:text-2xl">{movie.title}</Heading>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          <span className="rounded border border-stone-400 px-1 text-xs font-semibold">
            {movie.certificate}
          </span>{' '}
          {FORMAT_LABELS[format] ?? format} · {language}
        </p>
        <p className="font-semibold">
          <time dateTime={startsAt}>
            {formatDay(startsAt)}, {formatTime(startsAt)}
          </time>
        </p>
        <p className="text-sm">
          {cinema.name} · {screen}
          <span className="block text-xs text-stone-500 dark:text-stone-400">{cinema.address}</span>
        </p>
        <p className="text-sm">
          <span className="text-stone-500 dark:text-stone-400">{seats.length === 1 ? 'Seat' : 'Seats'}</span>{' '}
          <span className="font-semibold">{seats.join(', ')}</span>
        </p>
      </div>
    </div>
  );
}
