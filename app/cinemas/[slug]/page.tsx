import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccessFilterForm } from '@/components/discover/access-filter';
import { DateTabs } from '@/components/discover/date-tabs';
import { ShowtimeChip } from '@/components/discover/showtime-chip';
import { Poster } from '@/components/poster';
import { ACCESS_LABELS, formatAccessFilter, parseAccessFilter } from '@/lib/accessibility';
import { CATEGORY_LABELS, FORMAT_LABELS, formatDay, formatRuntime } from '@/lib/format';
import { isoDateSchema, slugSchema } from '@/lib/schemas/catalog';
import { upcomingDates } from '@/server/catalog/discover-movies';
import { getCinema } from '@/server/catalog/get-cinema';
import { listCinemaShowtimes } from '@/server/catalog/list-cinema-showtimes';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ date?: string; access?: string | string[] }>;
};

async function load(params: Props['params']) {
  const parsed = slugSchema.safeParse((await params).slug);
  return parsed.success ? getCinema(parsed.data) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const cinema = await load(params);
  return {
    title: cinema ? `${cinema.name}, ${cinema.locality}` : 'Cinema not found',
    description: cinema
      ? `Showtimes, screens and amenities at ${cinema.name}, ${cinema.city.name}.`
      : undefined,
  };
}

function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

export default async function CinemaPage({ params, searchParams }: Props) {
  const [cinema, { date: rawDate, access: rawAccess }] = await Promise.all([load(params), searchParams]);
  if (!cinema) notFound();
  const now = new Date();
  const dates = upcomingDates(now);
  const today = dates[0] as string;
  const requested = isoDateSchema.safeParse(rawDate);
  const date = requested.success && dates.includes(requested.data) ? requested.data : today;
  const access = parseAccessFilter(rawAccess);
  const programme = await listCinemaShowtimes({ cinemaId: cinema.id, date, now, access });
  const pageHref = (d: string) => {
    const sp = new URLSearchParams();
    if (d !== today) sp.set('date', d);
    if (access.length) sp.set('access', formatAccessFilter(access));
    const qs = sp.toString();
    return `/cinemas/${cinema.slug}${qs ? `?${qs}` : ''}`;
  };

  return (
    <article className="space-y-10">
      <header className="space-y-3">
        <Link href="/cinemas" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinemas near you
        </Link>
        <h1 className="font-display text-3xl font-bold sm:text-4xl">{cinema.name}</h1>
        <address className="not-italic text-stone-700 dark:text-stone-300">
          {cinema.addressLine}, {cinema.locality}, {cinema.city.name} {cinema.postalCode}
        </address>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {cinema.phone ? (
            <a
              href={`tel:${cinema.phone.replace(/\s+/g, '')}`}
              className="text-brand-700 underline dark:text-brand-400"
            >
              {cinema.phone}
            </a>
          ) : null}
          <a
            href={`https://www.openstreetmap.org/?mlat=${cinema.latitude}&mlon=${cinema.longitude}#map=17/${cinema.latitude}/${cinema.longitude}`}
            rel="noopener noreferrer"
            target="_blank"
            className="text-brand-700 underline dark:text-brand-400"
          >
            Open in a map<span className="sr-only"> (opens in a new tab)</span>
          </a>
          <span className="text-stone-600 dark:text-stone-400">
            Free cancellation up to {hoursAndMinutes(cinema.cancellationCutoffMins)} before the show
          </span>
        </p>
        {cinema.amenities.length ? (
          <ul aria-label="Amenities" className="flex flex-wrap gap-2 text-sm">
            {cinema.amenities.map((a) => (
              <li key={a} className="rounded-full border border-stone-300 px-3 py-0.5 dark:border-ink-700">
                {a}
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      <section aria-labelledby="programme" className="space-y-4">
        <h2 id="programme" className="font-display text-2xl font-bold">
          Programme
        </h2>
        <DateTabs dates={dates} current={date} href={pageHref} />
        <AccessFilterForm
          action={`/cinemas/${cinema.slug}`}
          selected={access}
          keep={date === today ? {} : { date }}
        />
        {programme.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-700 dark:border-ink-700 dark:text-stone-300">
            {access.length
              ? `No showing on ${formatDay(`${date}T12:00:00+05:30`)} is ${access.map((f) => ACCESS_LABELS[f].name).join(' and ')}. Try another date, or fewer accessibility filters.`
              : `No more shows on ${formatDay(`${date}T12:00:00+05:30`)}. Try another date.`}
          </p>
        ) : (
          <ul aria-label="Films" className="space-y-4">
            {programme.map(({ movie, showtimes }) => (
              <li
                key={movie.slug}
                className="grid grid-cols-[4rem_minmax(0,1fr)] gap-x-4 gap-y-3 rounded-lg border border-stone-200 p-4 dark:border-ink-700"
              >
                <div className="relative h-24 w-16 overflow-hidden rounded bg-stone-200 sm:row-span-2 dark:bg-ink-800">
                  <Poster
                    url={movie.posterUrl}
                    alt=""
                    sizes="64px"
                    className="absolute inset-0 h-full w-full object-cover"
                  />
                </div>
                <div className="min-w-0">
                  <h3 className="font-semibold">
                    <Link href={`/movies/${movie.slug}`} className="hover:text-brand-700 hover:underline">
                      {movie.title}
                    </Link>
                  </h3>
                  <p className="text-sm text-stone-600 dark:text-stone-400">
                    {movie.certificate} · {formatRuntime(movie.runtimeMinutes)} ·{' '}
                    {movie.genres.slice(0, 3).join(', ')}
                  </p>
                </div>
                {/* Full width on phones, beside the poster on wider screens. */}
                <ul className="col-span-2 flex flex-wrap items-start gap-2 sm:col-span-1 sm:col-start-2">
                  {showtimes.map((s) => (
                    <li key={s.id}>
                      <ShowtimeChip showtime={s} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="screens" className="space-y-4">
        <h2 id="screens" className="font-display text-2xl font-bold">
          Screens
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {cinema.screens.map((s) => (
            <li key={s.name} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
              <h3 className="font-semibold">{s.name}</h3>
              <p className="text-sm text-stone-600 dark:text-stone-400">
                {s.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' · ')} · {s.capacity} seats
              </p>
              <ul aria-label={`Seats in ${s.name}`} className="mt-2 space-y-0.5 text-sm">
                {s.categories.map((c) => (
                  <li key={c.category} className="flex justify-between gap-3">
                    <span>{CATEGORY_LABELS[c.category] ?? c.category}</span>
                    <span className="tabular-nums text-stone-600 dark:text-stone-400">{c.seats}</span>
                  </li>
                ))}
                {s.wheelchairSpaces ? (
                  <li className="flex justify-between gap-3">
                    <span>Wheelchair spaces</span>
                    <span className="tabular-nums text-stone-600 dark:text-stone-400">
                      {s.wheelchairSpaces}
                    </span>
                  </li>
                ) : null}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
