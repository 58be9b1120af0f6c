'use client';

import { signOut } from 'next-auth/react';
import { forgetOfflineTickets } from '@/lib/offline-tickets';

/** Signs out after deleting the tickets saved on this device: the next person must not see them. */
export async function signOutHere(callbackUrl: string): Promise<void> {
  await forgetOfflineTickets().catch(() => undefined);
  await signOut({ callbackUrl });
}
