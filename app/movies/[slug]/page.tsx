import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AccessFilterForm } from '@/components/discover/access-filter';
import { DateTabs } from '@/components/discover/date-tabs';
import { RatingSummary } from '@/components/discover/rating-summary';
import { ReviewForm } from '@/components/discover/review-form';
import { ReviewItem } from '@/components/discover/review-list';
import { ShowtimeChip } from '@/components/discover/showtime-chip';
import { Stars } from '@/components/discover/stars';
import { Poster } from '@/components/poster';
import { ACCESS_LABELS, formatAccessFilter, parseAccessFilter } from '@/lib/accessibility';
import { CITY_COOKIE } from '@/lib/city';
import { FORMAT_LABELS, formatDay, formatRuntime } from '@/lib/format';
import { isoDateSchema, slugSchema } from '@/lib/schemas/catalog';
import { getViewer } from '@/server/auth/session';
import { upcomingDates } from '@/server/catalog/discover-movies';
import { getMovie } from '@/server/catalog/get-movie';
import { resolveCity } from '@/server/catalog/list-cities';
import { listMovieShowtimes } from '@/server/catalog/list-movie-showtimes';
import { listReviews } from '@/server/reviews/list-reviews';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ date?: string; reviews?: string; access?: string | string[] }>;
};

const REVIEWS_PER_PAGE = 5;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const parsed = slugSchema.safeParse(slug);
  const movie = parsed.success ? await getMovie(parsed.data) : null;
  return {
    title: movie?.title ?? 'Film not found',
    description: movie?.synopsis,
    // An archived film's page stays for the people who booked it, out of search engines' way.
    ...(movie?.archivedAt ? { robots: { index: false } } : {}),
  };
}

export default async function MoviePage({ params, searchParams }: Props) {
  const [{ slug }, { date: rawDate, reviews: rawCursor, access: rawAccess }, jar] = await Promise.all([
    params,
    searchParams,
    cookies(),
  ]);
  const parsedSlug = slugSchema.safeParse(slug);
  if (!parsedSlug.success) notFound();
  const movie = await getMovie(parsedSlug.data);
  if (!movie) notFound();

  const now = new Date();
  const dates = upcomingDates(now);
  const today = dates[0] as string;
  // A film not released yet opens on its release date; otherwise today.
  const notReleased = movie.releaseDate > today;
  const firstBookable = notReleased ? movie.releaseDate : today;
  const requested = isoDateSchema.safeParse(rawDate);
  const date = requested.success && dates.includes(requested.data) ? requested.data : firstBookable;
  const cursor = z.uuid().safeParse(rawCursor).data;
  const access = parseAccessFilter(rawAccess);
  const [{ city }, viewer] = await Promise.all([resolveCity(jar.get(CITY_COOKIE)?.value), getViewer()]);
  const [groups, reviews] = await Promise.all([
    dates.includes(date) && !movie.archivedAt
      ? listMovieShowtimes({ movieId: movie.id, citySlug: city.slug, date, now, access })
      : [],
    listReviews({ slug: movie.slug, limit: REVIEWS_PER_PAGE, cursor, viewerId: viewer?.id, now }),
  ]);
  const others = reviews.reviews.filter((r) => r.id !== reviews.mine?.id);
  const pageHref = (params: { date?: string; reviews?: string }) => {
    const sp = new URLSearchParams();
    if (params.date && params.date !== firstBookable) sp.set('date', params.date);
    if (access.length) sp.set('access', formatAccessFilter(access));
    if (params.reviews) sp.set('reviews', params.reviews);
    const qs = sp.toString();
    return `/movies/${movie.slug}${qs ? `?${qs}` : ''}`;
  };

  return (
    <article className="space-y-10">
      <header className="grid gap-6 sm:grid-cols-[200px_1fr]">
        <div className="relative mx-auto aspect-[2/3] w-40 overflow-hidden rounded-lg bg-stone-200 shadow sm:w-full dark:bg-ink-800">
          <Poster
            url={movie.posterUrl}
            alt={`Poster for ${movie.title}`}
            sizes="(min-width: 640px) 200px, 160px"
            className="absolute inset-0 h-full w-full object-cover"
            priority
          />
        </div>
        <div className="min-w-0 space-y-3">
          <h1 className="font-display text-3xl font-bold sm:text-4xl">{movie.title}</h1>
          <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-stone-600 dark:text-stone-400">
            <span className="rounded border border-stone-400 px-1.5 font-semibold">{movie.certificate}</span>
            <span>{formatRuntime(movie.runtimeMinutes)}</span>
            <span>{movie.genres.join(', ')}</span>
            <span>{movie.languages.join(', ')}</span>
            <span>{movie.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' · ')}</span>
          </p>
          {reviews.rating ? (
            <p className="flex flex-wrap items-center gap-x-2 text-sm">
              <Stars rating={reviews.rating.average} />
              <span className="font-semibold">{reviews.rating.average.toFixed(1)}/5</span>
              <a href="#reviews" className="text-stone-600 underline dark:text-stone-400">
                {reviews.rating.count} {reviews.rating.count === 1 ? 'review' : 'reviews'}
              </a>
            </p>
          ) : null}
          {notReleased ? (
            <p className="text-sm font-medium text-brand-700 dark:text-brand-400">
              Releases {formatDay(`${movie.releaseDate}T12:00:00+05:30`)}
            </p>
          ) : null}
          <p className="max-w-prose leading-relaxed">{movie.synopsis}</p>
          {movie.director ? (
            <p className="text-sm">
              <span className="text-stone-600 dark:text-stone-400">Director</span> {movie.director}
            </p>
          ) : null}
          {movie.credits.length ? (
            <p className="text-sm">
              <span className="text-stone-600 dark:text-stone-400">Cast</span>{' '}
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

      {movie.archivedAt ? (
        <section aria-labelledby="showtimes" className="space-y-2">
          <h2 id="showtimes" className="font-display text-2xl font-bold">
            No longer showing
          </h2>
          <p className="rounded-lg border border-dashed border-stone-300 p-6 text-stone-700 dark:border-ink-700 dark:text-stone-300">
            {movie.title} has left our cinemas. Tickets you booked for it are in{' '}
            <Link href="/bookings" className="font-semibold text-brand-700 underline dark:text-brand-400">
              My bookings
            </Link>
            ; see{' '}
            <Link href="/" className="font-semibold text-brand-700 underline dark:text-brand-400">
              what is showing now
            </Link>
            .
          </p>
        </section>
      ) : (
        <section aria-labelledby="showtimes" className="space-y-4">
          <h2 id="showtimes" className="font-display text-2xl font-bold">
            Showtimes in {city.name}
          </h2>
          <DateTabs dates={dates} current={date} href={(d) => pageHref({ date: d })} />
          <AccessFilterForm
            action={`/movies/${movie.slug}`}
            selected={access}
            keep={date === firstBookable ? {} : { date }}
          />
          {groups.length === 0 ? (
            <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-700 dark:border-ink-700 dark:text-stone-300">
              {date < movie.releaseDate
                ? `Releases ${formatDay(`${movie.releaseDate}T12:00:00+05:30`)}.`
                : access.length
                  ? `No showing on ${formatDay(`${date}T12:00:00+05:30`)} in ${city.name} is ${access.map((f) => ACCESS_LABELS[f].name).join(' and ')}. Try another date, or fewer accessibility filters.`
                  : `No more shows on ${formatDay(`${date}T12:00:00+05:30`)} in ${city.name}. Try another date.`}
            </p>
          ) : (
            <ul aria-label="Cinemas" className="space-y-4">
              {groups.map((g) => (
                <li
                  key={g.cinema.slug}
                  className="rounded-lg border border-stone-200 p-4 dark:border-ink-700"
                >
                  <h3 className="font-semibold">{g.cinema.name}</h3>
                  <p className="mb-3 text-sm text-stone-600 dark:text-stone-400">{g.cinema.locality}</p>
                  <ul className="flex flex-wrap items-start gap-2">
                    {g.showtimes.map((s) => (
                      <li key={s.id}>
                        <ShowtimeChip showtime={s} />
                      </li>
                    ))}
                  </ul>
                  {/* After the showtimes: the first link of a cinema is its first show. */}
                  <Link
                    href={`/cinemas/${g.cinema.slug}`}
                    className="mt-3 inline-block text-sm text-brand-700 underline dark:text-brand-400"
                  >
                    Screens and amenities<span className="sr-only"> at {g.cinema.name}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="reviews" className="space-y-5">
        <h2 id="reviews" className="scroll-mt-20 font-display text-2xl font-bold">
          Reviews
        </h2>
        {reviews.rating ? (
          <RatingSummary rating={reviews.rating} />
        ) : (
          <p className="text-stone-700 dark:text-stone-300">
            No reviews yet. Seen it? Be the first to say what you thought.
          </p>
        )}
        {viewer ? (
          <ReviewForm slug={movie.slug} mine={reviews.mine} />
        ) : (
          <p className="rounded-lg border border-stone-200 p-4 text-sm dark:border-ink-700">
            <Link
              href={`/signin?callbackUrl=${encodeURIComponent(`/movies/${movie.slug}#reviews`)}`}
              className="font-semibold text-brand-700 underline dark:text-brand-400"
            >
              Sign in to review this film
            </Link>{' '}
            — reviews from people who saw it with a Marquee ticket carry a “Verified viewer” badge.
          </p>
        )}
        {others.length ? (
          <ul aria-label="Reviews" className="space-y-3">
            {others.map((r) => (
              <li key={r.id}>
                <ReviewItem review={r} />
              </li>
            ))}
          </ul>
        ) : null}
        {cursor || reviews.nextCursor ? (
          <nav aria-label="More reviews" className="flex gap-4 text-sm font-medium">
            {cursor ? (
              <Link
                href={`${pageHref({ date })}#reviews`}
                className="text-brand-700 underline dark:text-brand-400"
              >
                ← Newest reviews
              </Link>
            ) : null}
            {reviews.nextCursor ? (
              <Link
                href={`${pageHref({ date, reviews: reviews.nextCursor })}#reviews`}
                className="text-brand-700 underline dark:text-brand-400"
              >
                Older reviews →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </article>
  );
}
