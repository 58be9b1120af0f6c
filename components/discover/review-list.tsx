import type { ReviewView } from '@/lib/schemas/reviews';
import { Stars } from './stars';

const reviewDate = new Intl.DateTimeFormat('en-IN', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Asia/Kolkata',
});

function VerifiedBadge() {
  return (
    <span
      className="inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
      title="Held a Marquee ticket for a show of this film"
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12" fill="currentColor">
        <path d="M6.4 11.2 3.2 8l1.1-1.1 2.1 2.1 5.3-5.3L12.8 4.8z" />
      </svg>
      Verified viewer
    </span>
  );
}

export function ReviewItem({ review: r }: { review: ReviewView }) {
  return (
    <article className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
      <p className="flex flex-wrap items-center gap-x-2 text-sm">
        <Stars rating={r.rating} />
        {r.title ? <span className="font-semibold">{r.title}</span> : null}
      </p>
      {r.body ? (
        <p className="mt-1 whitespace-pre-line break-words text-sm leading-relaxed">{r.body}</p>
      ) : null}
      <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-stone-600 dark:text-stone-400">
        <span>{r.author}</span>
        <span aria-hidden="true">·</span>
        <time dateTime={r.createdAt}>{reviewDate.format(new Date(r.createdAt))}</time>
        {r.verified ? <VerifiedBadge /> : null}
      </p>
    </article>
  );
}
