import type { Metadata } from 'next';
import Link from 'next/link';
import { NewCinemaForm } from '@/components/admin/cinema-form';
import { createCinemaAction } from '@/server/actions/cinemas';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listCityOptions } from '@/server/venues/list-city-options';

export const metadata: Metadata = { title: 'New cinema · Cinema admin' };

export default async function NewCinemaPage() {
  const viewer = await requireAdminArea({ roles: ['ADMIN'] }, '/admin/cinemas/new');
  const cities = await listCityOptions({ viewer });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href="/admin/cinemas" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinemas
        </Link>
        <h1 className="font-display text-3xl font-bold">New cinema</h1>
        <p className="max-w-3xl text-stone-600 dark:text-stone-400">
          Its page on Marquee, its address and where it is, its GST registration, and the charges and seat
          rules its sales run on. Screens and staff are added once it exists.
        </p>
      </header>
      <NewCinemaForm cities={cities} action={createCinemaAction} />
    </div>
  );
}
