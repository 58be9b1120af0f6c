import type { RoleName } from '@/lib/schemas/auth';

// The admin area's navigation: one list, shown on every admin page (app/admin/layout.tsx).
// To add a page, add one entry here. `roles` says who sees the link (admins see every link);
// it only decides what is shown: each page still gates itself with requireAdminArea.

export type AdminNavEntry = {
  href: string;
  label: string;
  roles: readonly RoleName[];
  /** Highlighted only on this exact path (not on the pages under it). */
  exact?: boolean;
};

export const ADMIN_NAV: readonly AdminNavEntry[] = [
  { href: '/admin', label: 'Dashboard', roles: ['STAFF', 'MANAGER'], exact: true },
  { href: '/admin/box-office', label: 'Box office', roles: ['STAFF', 'MANAGER'] },
  { href: '/admin/check-in', label: 'Ticket check-in', roles: ['STAFF', 'MANAGER'] },
  { href: '/admin/bookings', label: 'Bookings desk', roles: ['STAFF', 'MANAGER'] },
  { href: '/admin/cinemas', label: 'Cinemas', roles: ['MANAGER'] },
  { href: '/admin/films', label: 'Films', roles: ['MANAGER'] },
  { href: '/admin/promos', label: 'Promo codes', roles: ['MANAGER'] },
  { href: '/admin/refunds', label: 'Refunds', roles: ['MANAGER'] },
  { href: '/admin/reports', label: 'Reports', roles: ['MANAGER'] },
  { href: '/admin/audit', label: 'Audit log', roles: ['MANAGER'] },
];

export function adminNavFor(role: RoleName): AdminNavEntry[] {
  return ADMIN_NAV.filter((e) => role === 'ADMIN' || e.roles.includes(role));
}

/** Whether `pathname` is the entry's page (or, unless `exact`, one of the pages under it). */
export function isCurrent(entry: AdminNavEntry, pathname: string): boolean {
  if (pathname === entry.href) return true;
  return !entry.exact && pathname.startsWith(`${entry.href}/`);
}
