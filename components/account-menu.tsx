'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { signOutHere } from '@/components/auth/sign-out';

/**
 * The signed-in customer's way to their account on a phone: below 640 px the header has no room
 * for "My bookings", "Hi, name", "Admin" and "Sign out" side by side (and the account page had no
 * link at all), so one button opens them as a menu. Escape, a click outside or following a link
 * closes it; focus goes back to the button on Escape.
 */
export function AccountMenu({ firstName, staff }: { firstName: string; staff: boolean }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const item =
    'flex min-h-11 w-full items-center rounded-md px-3 text-left text-sm font-medium hover:bg-stone-100 dark:hover:bg-ink-800';
  return (
    <div ref={root} className="relative sm:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label="Account menu"
        onClick={() => setOpen((o) => !o)}
        className="flex h-9 w-9 items-center justify-center rounded-full bg-brand-700 font-semibold text-white"
      >
        <span aria-hidden="true">{firstName.slice(0, 1).toUpperCase() || '☰'}</span>
      </button>
      <ul
        id={menuId}
        hidden={!open}
        className="absolute right-0 top-11 z-40 w-56 rounded-lg border border-stone-200 bg-white p-1 shadow-lg dark:border-ink-700 dark:bg-ink-900"
      >
        <li className="px-3 py-2 text-sm text-stone-600 dark:text-stone-400">Signed in as {firstName}</li>
        <li>
          <Link href="/bookings" className={item}>
            My bookings
          </Link>
        </li>
        <li>
          <Link href="/account" className={item}>
            Account and security
          </Link>
        </li>
        {staff ? (
          <li>
            <Link href="/admin" className={item}>
              Admin
            </Link>
          </li>
        ) : null}
        <li>
          <button type="button" className={item} onClick={() => void signOutHere('/')}>
            Sign out
          </button>
        </li>
      </ul>
    </div>
  );
}
