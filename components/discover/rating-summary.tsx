import type { RatingSummary as Summary } from '@/lib/schemas/reviews';
import { Stars } from './stars';

/** Average, count and how the ratings spread over 1–5 stars. */
export function RatingSummary({ rating }: { rating: Summary }) {
  const max = Math.max(...rating.histogram, 1);
  return (
    <div className="flex flex-wrap items-center gap-x-8 gap-y-4">
      <div>
        <p className="font-display text-5xl font-bold leading-none">{rating.average.toFixed(1)}</p>
        <Stars rating={rating.average} className="mt-1 block text-lg" />
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {rating.count} {rating.count === 1 ? 'review' : 'reviews'}
        </p>
      </div>
      <ul aria-label="Ratings by stars" className="w-full max-w-xs space-y-1 text-sm">
        {[5, 4, 3, 2, 1].map((stars) => {
          const n = rating.histogram[stars - 1] ?? 0;
          return (
            <li key={stars} className="flex items-center gap-2">
              <span className="w-8 shrink-0 tabular-nums">
                {stars}
                <span aria-hidden="true"> ★</span>
                <span className="sr-only"> {stars === 1 ? 'star' : 'stars'}:</span>
              </span>
              <span
                aria-hidden="true"
                className="h-2 flex-1 overflow-hidden rounded-full bg-stone-200 dark:bg-ink-700"
              >
                <span
                  className="block h-full rounded-full bg-brand-500"
                  style={{ width: `${(n / max) * 100}%` }}
                />
              </span>
              <span className="w-8 shrink-0 text-right tabular-nums text-stone-600 dark:text-stone-400">
                {n}
                <span className="sr-only"> {n === 1 ? 'review' : 'reviews'}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
