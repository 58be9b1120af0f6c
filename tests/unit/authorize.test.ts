import { describe, expect, it } from 'vitest';
import { allows, authorize, type Viewer } from '@/server/auth/session';

const base = { name: 'x', email: 'x@y.z', staffCinemaIds: [] as string[], managedCinemaIds: [] as string[] };
const customer: Viewer = { ...base, id: 'c', role: 'CUSTOMER' };
const staff: Viewer = { ...base, id: 's', role: 'STAFF', staffCinemaIds: ['cin-1'] };
const manager: Viewer = {
  ...base,
  id: 'm',
  role: 'MANAGER',
  staffCinemaIds: ['cin-1'],
  managedCinemaIds: ['cin-1'],
};
const admin: Viewer = { ...base, id: 'a', role: 'ADMIN' };

describe('the one authorization helper', () => {
  it('scopes managers and staff to their own cinemas; admins see everything', () => {
    const policy = { roles: ['MANAGER'] as const, cinemaId: 'cin-1' };
    expect(allows(manager, policy)).toBe(true);
    expect(allows(manager, { ...policy, cinemaId: 'cin-2' })).toBe(false);
    expect(allows(staff, policy)).toBe(false);
    expect(allows(customer, policy)).toBe(false);
    expect(allows(admin, { ...policy, cinemaId: 'cin-2' })).toBe(true);
    expect(allows(staff, { roles: ['STAFF', 'MANAGER'], cinemaId: 'cin-1' })).toBe(true);
    expect(allows(staff, { roles: ['STAFF', 'MANAGER'], cinemaId: 'cin-2' })).toBe(false);
  });

  it('lets a manager who is staff at another cinema do there what staff may, and no more', () => {
    const both: Viewer = { ...manager, staffCinemaIds: ['cin-1', 'cin-2'] };
    expect(allows(both, { roles: ['STAFF', 'MANAGER'], cinemaId: 'cin-2' })).toBe(true);
    expect(allows(both, { roles: ['MANAGER'], cinemaId: 'cin-2' })).toBe(false);
    expect(allows(manager, { roles: ['STAFF', 'MANAGER'], cinemaId: 'cin-2' })).toBe(false);
  });

  it('throws 401 for nobody and 403 for the wrong role', () => {
    expect(() => authorize(null)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', status: 401 }));
    expect(() => authorize(customer, { roles: ['ADMIN'] })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', status: 403 }),
    );
    expect(authorize(customer)).toBe(customer);
  });
});
