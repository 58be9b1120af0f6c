import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { adminNavFor } from '@/lib/admin-nav';
import { getViewer } from '@/server/auth/session';

// Only the navigation shown around every admin page. The viewer is read to choose which links to
// show, never to grant or refuse anything: each page gates itself (requireAdminArea), and a
// signed-out visitor or a customer gets no links here.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const entries = viewer && viewer.role !== 'CUSTOMER' ? adminNavFor(viewer.role) : [];
  return (
    <>
      <AdminNav entries={entries} />
      {children}
    </>
  );
}
