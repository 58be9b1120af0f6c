import { cookies } from 'next/headers';
import Link from 'next/link';
import { AccountMenu } from '@/components/account-menu';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { CityPicker } from '@/components/city-picker';
import { SearchBox } from '@/components/discover/search-box';
import { ThemeToggle } from '@/components/theme-toggle';
import { CITY_COOKIE } from '@/lib/city';
import { getViewer } from '@/server/auth/session';
import { findCity } from '@/server/catalog/list-cities';

export async function SiteHeader() {
  const [viewer, jar] = await Promise.all([getViewer(), cookies()]);
  // Every page has this header: an empty catalogue (a fresh production install) must not break it.
  const { city, cities } = await findCity(jar.get(CITY_COOKIE)?.value);
  return (
    <header className="sticky top-0 z-30 print:hidden border-b border-stone-200 bg-stone-50/90 backdrop-blur dark:border-ink-700 dark:bg-ink-950/90">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-1.5 px-3 sm:gap-4 sm:px-6">
        <Link
          href="/"
          aria-label="Marquee home"
          className="flex shrink-0 items-center gap-2 font-display text-xl font-bold tracking-tight"
        >
          <span
            aria-hidden="true"
            className="inline-block h-6 w-6 rounded-sm bg-gradient-to-br from-brand-400 to-brand-700"
          />
          <span aria-hidden="true" className="hidden min-[420px]:inline">
            Marquee
          </span>
        </Link>
        {city ? <CityPicker cities={cities} current={city.slug} /> : null}
        <SearchBox />
        <nav aria-label="Account" className="ml-auto flex items-center gap-1 sm:gap-2">
          <ThemeToggle />
          {viewer ? (
            <>
              <AccountMenu firstName={viewer.name.split(' ')[0] ?? ''} staff={viewer.role !== 'CUSTOMER'} />
              {/* From 640 px the same links sit side by side. */}
              <Link
                href="/bookings"
                className="hidden whitespace-nowrap rounded-full px-3 py-1.5 text-sm font-medium hover:bg-stone-200 sm:inline dark:hover:bg-ink-700"
              >
                My bookings
              </Link>
              {viewer.role !== 'CUSTOMER' ? (
                <Link
                  href="/admin"
                  className="hidden rounded-full px-3 py-1.5 text-sm font-medium hover:bg-stone-200 md:inline dark:hover:bg-ink-700"
                >
                  Admin
                </Link>
              ) : null}
              <Link
                href="/account"
                className="hidden text-sm text-stone-600 underline-offset-2 hover:underline sm:inline dark:text-stone-400"
              >
                Hi, {viewer.name.split(' ')[0]}
              </Link>
              <span className="hidden sm:inline">
                <SignOutButton />
              </span>
            </>
          ) : (
            <Link
              href="/signin"
              className="whitespace-nowrap rounded-full bg-brand-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-brand-800"
            >
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
