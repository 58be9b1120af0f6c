'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonBase, dangerButton } from '@/components/ui/buttons';
import { formatDay, formatTime } from '@/lib/format';
import type { LiveShowtime } from '@/lib/schemas/films';
import type { archiveFilmAction, unarchiveFilmAction } from '@/server/actions/films';

// Archiving takes a film off the public site; the server refuses while a showtime of it is to
// come, and says which. The refusal is shown here with those showtimes, so the manager knows what
// to cancel (or wait for) first.

type Props = {
  filmId: string;
  title: string;
  archived: boolean;
  liveShowtimes: number;
  archive: typeof archiveFilmAction;
  unarchive: typeof unarchiveFilmAction;
};

function liveShowtimesOf(details: unknown): LiveShowtime[] {
  const shows = (details as { showtimes?: unknown } | undefined)?.showtimes;
  return Array.isArray(shows) ? (shows as LiveShowtime[]) : [];
}

export function FilmArchive(props: Props) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; showtimes: LiveShowtime[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setRefusal(null);
    setDone(null);
    const r = props.archived
      ? await props.unarchive({ id: props.filmId })
      : await props.archive({ id: props.filmId });
    setPending(false);
    if (!r.ok) {
      setRefusal({ message: r.error.message, showtimes: liveShowtimesOf(r.error.details) });
      return;
    }
    setDone(
      r.data.archivedAt
        ? `“${r.data.title}” is archived: it is off the public site.`
        : `“${r.data.title}” is back on the public site.`,
    );
    router.refresh();
  }

  return (
    <section
      aria-labelledby="film-archive"
      className="space-y-3 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
    >
      <h2 id="film-archive" className="font-display text-xl font-bold">
        {props.archived ? 'Archived' : 'Archive'}
      </h2>
      <p className="text-sm text-stone-700 dark:text-stone-300">
        {props.archived
          ? 'This film is off the public site: lists and search leave it out, its page says it is no longer showing, and no showtime can be scheduled for it. Bookings keep it.'
          : props.liveShowtimes > 0
            ? `Archiving takes the film off the public site. It has ${props.liveShowtimes === 1 ? 'a showtime' : `${props.liveShowtimes} showtimes`} to come, so it cannot be archived until ${props.liveShowtimes === 1 ? 'that is' : 'they are'} cancelled or over.`
            : 'Archiving takes the film off the public site (lists, search, scheduling); bookings keep it, and it can be brought back.'}
      </p>
      <button
        type="button"
        className={props.archived ? buttonBase : dangerButton}
        disabled={pending}
        onClick={run}
      >
        {pending ? 'Working…' : props.archived ? 'Bring it back' : 'Archive film'}
      </button>
      {done ? (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {done}
        </p>
      ) : null}
      {refusal ? (
        <div role="alert" className="space-y-2 text-sm text-red-800 dark:text-red-300">
          <p>{refusal.message}</p>
          {refusal.showtimes.length ? (
            <ul className="list-inside list-disc">
              {refusal.showtimes.map((s) => (
                <li key={s.id}>
                  <Link href={`/showtimes/${s.id}`} className="underline">
                    {formatDay(s.startsAt)} {formatTime(s.startsAt)}
                  </Link>{' '}
                  at {s.cinema} ({s.screen})
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
