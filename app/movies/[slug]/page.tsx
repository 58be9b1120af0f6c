import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Image from 'next/image';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CITY_COOKIE } from '@/lib/city';
import { FORMAT_LABELS, formatDay, formatMoney, formatRuntime, formatTime, localDate } from '@/lib/format';
import { isoDateSchema, slugSchema } from '@/lib/schemas/catalog';
import { getMovie } from '@/server/catalog/get-movie';
import { resolveCity } from '@/server/catalog/list-cities';
import { listMovieShowtimes } from '@/server/catalog/list-movie-showtimes';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ date?: string }> };

const DAYS_AHEAD = 14;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const parsed = slugSchema.safeParse(slug);
  const movie = parsed.success ? await getMovie(parsed.data) : null;
  return { title: movie?.title ?? 'Film not found', description: movie?.synopsis };
}

function upcomingDates(from: Date): string[] {
  return Array.from({ length: DAYS_AHEAD }, (_, i) => localDate(new Date(from.getTime() + i * 86_400_000)));
}

export default async function MoviePage({ params, searchParams }: Props) {
  const [{ slug }, { date: rawDate }, jar] = await Promise.all([params, searchParams, cookies()]);
  const parsedSlug = slugSchema.safeParse(slug);
  if (!parsedSlug.success) notFound();
  const movie = await getMovie(parsedSlug.data);
  if (!movie) notFound();

  const now = new Date();
  const dates = upcomingDates(now);
  const today = localDate(now);
  // A film not released yet opens on its release date; otherwise today.
  const notReleased = movie.releaseDate > today;
  const firstBookable = notReleased ? movie.releaseDate : today;
  const requested = isoDateSchema.safeParse(rawDate);
  const date = requested.success && dates.includes(requested.data) ? requested.data : firstBookable;
  const { city } = await resolveCity(jar.get(CITY_COOKIE)?.value);
  const groups = dates.includes(date)
    ? await listMovieShowtimes({ movieId: movie.id, citySlug: city.slug, date, now })
    : [];

  return (
    <article className="space-y-8">
      <header className="grid gap-6 sm:grid-cols-[200px_1fr]">
        <div className="relative mx-auto aspect-[2/3] w-40 overflow-hidden rounded-lg shadow sm:w-full">
          <Image
            src={movie.posterUrl}
            alt={`Poster for ${movie.title}`}
            fill
            sizes="200px"
            priority
            unoptimized
          />
        </div>
        <div className="space-y-3">
          <h1 className="font-display text-3xl font-bold sm:text-4xl">{movie.title}</h1>
          <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-stone-600 dark:text-stone-400">
            <span className="rounded border border-stone-400 px-1.5 font-semibold">{movie.certificate}</span>
            <span>{formatRuntime(movie.runtimeMinutes)}</span>
            <span>{movie.genres.join(', ')}</span>
            <span>{movie.languages.join(', ')}</span>
            <span>{movie.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' · ')}</span>
          </p>
          {movie.rating ? (
            <p className="text-sm">
              <span className="font-semibold text-brand-700 dark:text-brand-400">
                ★ {movie.rating.average.toFixed(1)}/5
              </span>{' '}
              <span className="text-stone-500 dark:text-stone-400">from {movie.rating.count} reviews</span>
            </p>
          ) : null}
          <p className="max-w-prose leading-relaxed">{movie.synopsis}</p>
          {movie.director ? (
            <p className="text-sm">
              <span className="text-stone-500 dark:text-stone-400">Director</span> {movie.director}
            </p>
          ) : null}
          {movie.credits.length ? (
            <p className="text-sm">
              <span className="text-stone-500 dark:text-stone-400">Cast</span>{' '}
              {movie.credits.map((c) => (c.character ? `${c.name} (${c.character})` : c.name)).join(', ')}
            </p>
          ) : null}
          {movie.trailerUrl ? (
            <a
              href={movie.trailerUrl}
              rel="noopener noreferrer"
              target="_blank"
              className="inline-block text-sm font-medium text-brand-700 underline dark:text-brand-400"
            >
              Watch the trailer<span className="sr-only"> (opens in a new tab)</span>
            </a>
          ) : null}
        </div>
      </header>

      <section aria-labelledby="showtimes" className="space-y-4">
        <h2 id="showtimes" className="font-display text-2xl font-bold">
          Showtimes in {city.name}
        </h2>
        <nav aria-label="Choose a date" className="-mx-4 overflow-x-auto px-4">
          <ul className="flex gap-2 pb-2">
            {dates.map((d) => (
              <li key={d}>
                <Link
                  href={`/movies/${movie.slug}?date=${d}`}
                  aria-current={d === date ? 'date' : undefined}
                  className={`block whitespace-nowrap rounded-lg border px-3 py-2 text-sm ${
                    d === date
                      ? 'border-brand-700 bg-brand-700 text-white'
                      : 'border-stone-300 hover:border-brand-500 dark:border-ink-700'
                  }`}
                >
                  {formatDay(`${d}T12:00:00+05:30`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {groups.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-600 dark:border-ink-700 dark:text-stone-400">
            {date < movie.releaseDate
              ? `Releases ${formatDay(`${movie.releaseDate}T12:00:00+05:30`)}.`
              : `No more shows on ${formatDay(`${date}T12:00:00+05:30`)} in ${city.name}. Try another date.`}
          </p>
        ) : (
          <ul aria-label="Cinemas" className="space-y-4">
            {groups.map((g) => (
              <li key={g.cinema.slug} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
                <h3 className="font-semibold">{g.cinema.name}</h3>
                <p className="mb-3 text-sm text-stone-500 dark:text-stone-400">{g.cinema.locality}</p>
                <ul className="flex flex-wrap gap-2">
                  {g.showtimes.map((s) => (
                    <li key={s.id}>
                      <Link
                        href={`/showtimes/${s.id}`}
                        className="flex min-w-24 flex-col items-center rounded-md border border-emerald-600/60 px-3 py-1.5 text-center hover:bg-emerald-50 dark:hover:bg-emerald-950"
                        aria-label={`${formatTime(s.startsAt)}, ${FORMAT_LABELS[s.format] ?? s.format}, ${s.language}, ${s.screen}${s.priceFromMinor !== null ? `, from ${formatMoney(s.priceFromMinor)}` : ''}`}
                      >
                        <span className="font-semibold text-emerald-700 dark:text-emerald-400">
                          {formatTime(s.startsAt)}
                        </span>
                        <span className="text-xs text-stone-500 dark:text-stone-400">
                          {FORMAT_LABELS[s.format] ?? s.format} · {s.language}
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      {movie.reviews.length ? (
        <section aria-labelledby="reviews" className="space-y-3">
          <h2 id="reviews" className="font-display text-2xl font-bold">
            Reviews
          </h2>
          <ul className="space-y-3">
            {movie.reviews.map((r) => (
              <li key={r.id} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
                <p className="text-sm">
                  <span
                    role="img"
                    className="font-semibold text-brand-700 dark:text-brand-400"
                    aria-label={`${r.rating} out of 5 stars`}
                  >
                    {'★'.repeat(r.rating)}
                    <span className="text-stone-300 dark:text-stone-600">{'★'.repeat(5 - r.rating)}</span>
                  </span>{' '}
                  {r.title ? <span className="font-semibold">{r.title}</span> : null}
                </p>
                {r.body ? <p className="mt-1 text-sm leading-relaxed">{r.body}</p> : null}
                <p className="mt-1 text-xs text-stone-500 dark:text-stone-400">
                  {r.author}
                  {r.verified ? ' · Verified viewer' : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
