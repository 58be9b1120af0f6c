import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { listHref, Pagination } from '@/components/admin/pagination';
import {
  InviteStaffForm,
  StaffMemberActions,
  WithdrawInvitationButton,
} from '@/components/admin/staff-panel';
import { isAppError } from '@/lib/errors';
import { formatDay } from '@/lib/format';
import { ROLE_LABELS, staffListQuerySchema } from '@/lib/schemas/staff';
import {
  changeStaffRoleAction,
  inviteStaffAction,
  revokeStaffAction,
  withdrawInvitationAction,
} from '@/server/actions/staff';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listCinemaStaff } from '@/server/staff/list-cinema-staff';
import { listManagedCinemas } from '@/server/venues/list-managed-cinemas';

export const metadata: Metadata = { title: 'Staff · Cinema admin' };

type Props = {
  params: Promise<{ cinemaId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Who works at a cinema, for its managers and admins: invite by email, change a role (admins),
// revoke (managers revoke staff; admins anyone), withdraw an open invitation.
export default async function StaffPage({ params, searchParams }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const base = `/admin/cinemas/${cinemaId}/staff`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, base);
  const raw = await searchParams;
  const parsed = staffListQuerySchema.safeParse({
    q: typeof raw.q === 'string' && raw.q ? raw.q : undefined,
    role: typeof raw.role === 'string' && raw.role ? raw.role : undefined,
    page: typeof raw.page === 'string' ? raw.page : undefined,
  });
  const query = parsed.success ? parsed.data : staffListQuerySchema.parse({});
  const list = await listCinemaStaff({ viewer, cinemaId, query }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const isAdmin = viewer.role === 'ADMIN';
  const others = isAdmin
    ? []
    : (await listManagedCinemas({ viewer, query: { page: 1, perPage: 100 } })).cinemas
        .filter((c) => c.id !== cinemaId)
        .map((c) => ({ id: c.id, name: c.name }));
  const filters = { q: query.q, role: query.role };
  const filtered = Boolean(query.q || query.role);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link
          href={`/admin/cinemas/${cinemaId}`}
          className="text-sm text-brand-700 underline dark:text-brand-400"
        >
          ← {list.cinema.name}
        </Link>
        <h1 className="font-display text-3xl font-bold">Staff</h1>
        <p className="text-stone-600 dark:text-stone-400">
          Who works at {list.cinema.name}.{' '}
          {isAdmin
            ? 'Admins make and unmake managers.'
            : 'Managers invite and revoke staff; an admin makes managers.'}{' '}
          Nobody changes their own role.
        </p>
      </header>

      <InviteStaffForm
        cinema={list.cinema}
        otherCinemas={others}
        canInviteManagers={isAdmin}
        action={inviteStaffAction}
      />

      <section aria-labelledby="people" className="space-y-3">
        <h2 id="people" className="font-display text-2xl font-bold">
          People
        </h2>
        <form method="get" aria-label="Filter people" className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Name or email
            <input
              name="q"
              type="search"
              defaultValue={query.q ?? ''}
              className="h-11 w-64 max-w-full rounded-md border border-stone-300 bg-white px-3 font-normal dark:border-ink-700 dark:bg-ink-900"
            />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Role
            <select
              name="role"
              defaultValue={query.role ?? ''}
              className="h-11 rounded-md border border-stone-300 bg-white px-3 font-normal dark:border-ink-700 dark:bg-ink-900"
            >
              <option value="">Every role</option>
              <option value="STAFF">Staff</option>
              <option value="MANAGER">Manager</option>
            </select>
          </label>
          <button
            type="submit"
            className="h-11 rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
          >
            Filter
          </button>
          {filtered ? (
            <Link href={base} className="inline-flex h-11 items-center text-sm underline">
              Clear filters
            </Link>
          ) : null}
        </form>
        {list.people.length === 0 ? (
          <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
            {filtered ? 'Nobody here matches these filters.' : 'Nobody works here yet: invite someone above.'}
          </p>
        ) : (
          <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
            <table className="w-full min-w-[600px] text-sm">
              <caption className="sr-only">People working at {list.cinema.name}, by name</caption>
              <thead className="bg-stone-100 text-left dark:bg-ink-800">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Since
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.people.map((p) => {
                  const self = p.userId === viewer.id;
                  return (
                    <tr key={p.userId} className="border-t border-stone-200 align-top dark:border-ink-700">
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        {p.name}
                        <span className="block font-normal text-stone-600 dark:text-stone-400">
                          {p.email ?? '—'}
                        </span>
                      </th>
                      <td className="px-3 py-2">
                        {ROLE_LABELS[p.role]}
                        {p.accountRole === 'ADMIN' ? ' (admin)' : ''}
                        {self ? ' · you' : ''}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2">{formatDay(p.since)}</td>
                      <td className="px-3 py-2">
                        {self ? (
                          <span className="block text-right text-stone-600 dark:text-stone-400">
                            Your own role
                          </span>
                        ) : (
                          <StaffMemberActions
                            cinemaId={cinemaId}
                            person={p}
                            canChangeRole={isAdmin}
                            canRevoke={isAdmin || p.role === 'STAFF'}
                            changeAction={changeStaffRoleAction}
                            revokeAction={revokeStaffAction}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={list.page}
          perPage={list.perPage}
          total={list.total}
          label="people"
          href={(p) => listHref(base, filters, p)}
        />
      </section>

      <section aria-labelledby="invitations" className="space-y-3">
        <h2 id="invitations" className="font-display text-2xl font-bold">
          Open invitations
        </h2>
        {list.invitations.length === 0 ? (
          <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
            No invitation is waiting.
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-700 dark:border-ink-700">
            {list.invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
                <div>
                  <p className="font-medium">{i.email}</p>
                  <p className="text-stone-600 dark:text-stone-400">
                    {ROLE_LABELS[i.role]} at {i.cinemas.map((c) => c.name).join(', ')} · by{' '}
                    {i.invitedBy ?? 'someone no longer here'} · until {formatDay(i.expiresAt)}
                  </p>
                </div>
                <WithdrawInvitationButton invitation={i} action={withdrawInvitationAction} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
