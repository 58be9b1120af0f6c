import type { Metadata } from 'next';
import Link from 'next/link';
import { auditQuerySchema } from '@/lib/schemas/admin';
import { listAuditLog } from '@/server/admin/list-audit-log';
import { listViewerCinemas } from '@/server/admin/list-viewer-cinemas';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

function short(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export default async function AuditPage({ searchParams }: Props) {
  // Managers read their own cinemas' rows (listAuditLog scopes them); admins read everything.
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/audit');
  const parsed = auditQuerySchema.safeParse(await searchParams);
  const q = parsed.success ? parsed.data : {};
  const cinemas = await listViewerCinemas({ viewer, scope: 'manages' });
  // A cinema the viewer does not manage is not offered; asked for by hand it is ignored.
  const cinemaId = cinemas.some((c) => c.id === q.cinemaId) ? q.cinemaId : undefined;
  const { rows, next } = await listAuditLog({
    viewer,
    cinemaId,
    action: q.action || undefined,
    entityType: q.entityType || undefined,
    before: q.before ? BigInt(q.before) : undefined,
  });
  const params = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...(cinemaId ? { cinemaId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.entityType ? { entityType: q.entityType } : {}),
      ...extra,
    }).toString();
  return (
    <div className="space-y-4">
      <h1 className="font-display text-3xl font-bold">Audit log</h1>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        {viewer.role === 'ADMIN'
          ? 'Every change by staff, managers and admins, and every refund.'
          : 'Every change to your cinemas, their shows, bookings, tickets, staff and prices, and every refund there.'}{' '}
        Append-only: the database refuses to edit or delete it.
      </p>
      <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col">
          Cinema
          <select
            name="cinemaId"
            defaultValue={cinemaId ?? ''}
            className="h-9 max-w-full rounded border px-2 dark:border-ink-700 dark:bg-ink-900"
          >
            <option value="">{viewer.role === 'ADMIN' ? 'All cinemas' : 'All my cinemas'}</option>
            {cinemas.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Action starts with
          <input
            name="action"
            defaultValue={q.action ?? ''}
            className="h-9 rounded border px-2 dark:border-ink-700 dark:bg-ink-900"
          />
        </label>
        <label className="flex flex-col">
          Entity
          <input
            name="entityType"
            defaultValue={q.entityType ?? ''}
            className="h-9 rounded border px-2 dark:border-ink-700 dark:bg-ink-900"
          />
        </label>
        <button type="submit" className="h-9 rounded bg-brand-700 px-3 font-semibold text-white">
          Filter
        </button>
      </form>
      <section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll it with the keyboard
        tabIndex={0}
        aria-label="Audit entries"
        className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700"
      >
        <table className="w-full min-w-[900px] text-sm">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead className="bg-stone-100 text-left dark:bg-ink-800">
            <tr>
              <th scope="col" className="px-3 py-2">
                When (UTC)
              </th>
              <th scope="col" className="px-3 py-2">
                Who
              </th>
              <th scope="col" className="px-3 py-2">
                Action
              </th>
              <th scope="col" className="px-3 py-2">
                Entity
              </th>
              <th scope="col" className="px-3 py-2">
                Before → after
              </th>
              <th scope="col" className="px-3 py-2">
                Request
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-stone-200 align-top dark:border-ink-700">
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                  {r.at.replace('T', ' ').slice(0, 19)}
                </td>
                <td className="px-3 py-2">
                  {r.actor.name ?? 'system'}
                  {r.actor.role ? (
                    <span className="block text-xs text-stone-600 dark:text-stone-400">
                      {r.actor.role.toLowerCase()}
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                <td className="px-3 py-2 text-xs">
                  {r.entityType} <span className="font-mono break-all">{r.entityId}</span>
                  {r.cinema ? (
                    <span className="block text-stone-600 dark:text-stone-400">{r.cinema.name}</span>
                  ) : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {short(r.before)} → {short(r.after)}
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {r.ip ?? ''}
                  <span className="block text-stone-600 dark:text-stone-400">
                    {r.requestId?.slice(0, 8) ?? ''}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {rows.length === 0 ? <p>No entries match.</p> : null}
      {next ? (
        <Link
          href={`/admin/audit?${params({ before: next })}`}
          className="inline-block rounded border px-3 py-2 dark:border-ink-700"
        >
          Older entries
        </Link>
      ) : null}
    </div>
  );
}
