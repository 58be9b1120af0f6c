import Link from 'next/link';
import type { ReactNode } from 'react';
import { Poster } from '@/components/poster';
import { FORMAT_LABELS, formatRuntime } from '@/lib/format';
import type { MovieCard as Card } from '@/server/catalog/list-movies';

export function MovieCard({
  movie,
  priority = false,
  footer,
  headingLevel = 3,
}: {
  movie: Card;
  priority?: boolean;
  footer?: ReactNode;
  /** One below the heading of the list the card sits in, so headings never skip a level. */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="group">
      <Link href={`/movies/${movie.slug}`} className="block rounded-lg focus-visible:outline-2">
        <div className="relative aspect-[2/3] overflow-hidden rounded-lg bg-stone-200 shadow-sm dark:bg-ink-800">
          <Poster
            url={movie.posterUrl}
            alt=""
            sizes="(min-width: 1024px) 200px, (min-width: 640px) 30vw, 45vw"
            className="absolute inset-0 h-full w-full object-cover transition-transform duration-300 group-hover:scale-[1.03]"
            priority={priority}
          />
          {movie.rating ? (
            <span className="absolute bottom-2 left-2 rounded bg-black/75 px-1.5 py-0.5 text-xs font-semibold text-white">
              ★ {movie.rating.average.toFixed(1)}{' '}
              <span className="font-normal text-stone-300">({movie.rating.count})</span>
            </span>
          ) : null}
        </div>
        <Heading className="mt-2 line-clamp-2 font-semibold leading-snug group-hover:text-brand-600">
          {movie.title}
        </Heading>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {movie.certificate} · {formatRuntime(movie.runtimeMinutes)} ·{' '}
          {movie.languages.slice(0, 2).join(', ')}
        </p>
        <p className="text-xs text-stone-500 dark:text-stone-400">
          {movie.genres.slice(0, 3).join(' / ')} · {movie.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' ')}
        </p>
      </Link>
      {footer}
    </li>
  );
}
