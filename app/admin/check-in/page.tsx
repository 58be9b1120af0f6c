import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckInForm } from '@/components/admin/check-in-form';
import { formatTime } from '@/lib/format';
import { listCinemaShowtimes } from '@/server/admin/list-cinema-showtimes';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Ticket check-in' };

export default async function CheckInPage() {
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin/check-in');
  // The shows a door is busy with: those that began in the last three hours and today's to come.
  const cinemas = await listCinemaShowtimes({ viewer, days: 1, now: new Date(Date.now() - 3 * 3_600_000) });
  const shows = cinemas.flatMap((c) =>
    c.showtimes.filter((s) => s.status === 'SCHEDULED').map((s) => ({ ...s, cinema: c.name })),
  );
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <Link href="/admin" className="text-sm underline">
        ← Cinema admin
      </Link>
      <div className="space-y-4">
        <h1 className="font-display text-3xl font-bold">Ticket check-in</h1>
        <p className="text-stone-600 dark:text-stone-400">
          Scan the QR code on the customer's ticket with the camera or a handheld scanner (it types it in), or
          type the code printed under it. Each ticket admits once.
        </p>
        <CheckInForm
          shows={shows.slice(0, 30).map((s) => ({
            id: s.id,
            label: `${formatTime(s.startsAt)} ${s.movie} · ${s.cinema} · ${s.screen}`,
          }))}
        />
      </div>
      <section aria-labelledby="door-lists" className="space-y-2">
        <h2 id="door-lists" className="font-display text-xl font-bold">
          Door lists
        </h2>
        {shows.length === 0 ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">
            No shows at your cinemas in the next day.
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-800 dark:border-ink-800">
            {shows.slice(0, 30).map((s) => (
              <li key={s.id}>
                <Link
                  href={`/admin/showtimes/${s.id}/door`}
                  className="flex items-baseline justify-between gap-3 px-3 py-2 hover:bg-stone-100 dark:hover:bg-ink-900"
                >
                  <span>
                    <span className="font-semibold">{formatTime(s.startsAt)}</span> {s.movie}
                    <span className="block text-xs text-stone-600 dark:text-stone-400">
                      {s.cinema} · {s.screen}
                    </span>
                  </span>
                  <span className="shrink-0 text-sm">{s.sold} sold</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
