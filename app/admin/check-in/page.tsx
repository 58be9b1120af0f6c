import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckInForm } from '@/components/admin/check-in-form';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Ticket check-in' };

export default async function CheckInPage() {
  await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin/check-in');
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <Link href="/admin" className="text-sm underline">
        ← Cinema admin
      </Link>
      <h1 className="font-display text-3xl font-bold">Ticket check-in</h1>
      <p className="text-stone-600 dark:text-stone-400">
        Scan the QR code on the customer's ticket (a handheld scanner types it in), or paste it. Each ticket
        admits once.
      </p>
      <CheckInForm />
    </div>
  );
}
