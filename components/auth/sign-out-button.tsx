'use client';

import { signOutHere } from '@/components/auth/sign-out';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOutHere('/')}
      className="whitespace-nowrap rounded-full border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-200 dark:border-ink-700 dark:hover:bg-ink-700"
    >
      Sign out
    </button>
  );
}
