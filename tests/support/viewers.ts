import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { strongBearerFor } from './api';
import { createUser } from './factories';

// Operators for use-case tests: a viewer as the session would make it, and a token that has
// passed the second factor for the REST operations.

/** A new manager of these cinemas. */
export async function managerOf(...cinemaIds: string[]): Promise<{ viewer: Viewer; token: string }> {
  const user = await createUser({ role: 'MANAGER' });
  for (const cinemaId of cinemaIds) {
    await db().cinemaStaff.create({ data: { userId: user.id, cinemaId, role: 'MANAGER' } });
  }
  const viewer: Viewer = {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'MANAGER',
    staffCinemaIds: cinemaIds,
    managedCinemaIds: cinemaIds,
  };
  return { viewer, token: await strongBearerFor(user) };
}

/** A new admin. */
export async function adminViewer(): Promise<Viewer> {
  const user = await createUser({ role: 'ADMIN' });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'ADMIN',
    staffCinemaIds: [],
    managedCinemaIds: [],
  };
}

/** A customer as the session would make them. */
export function customerViewer(user: { id: string; name: string; email: string | null }): Viewer {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'CUSTOMER',
    staffCinemaIds: [],
    managedCinemaIds: [],
  };
}
