'use server';

import { z } from 'zod';
import {
  changeStaffRoleActionSchema,
  invitationParamsSchema,
  invitationTokenSchema,
  inviteStaffSchema,
  signUpAndAcceptSchema,
  staffMemberParamsSchema,
} from '@/lib/schemas/staff';
import { action } from '@/server/http/action';
import { acceptInvitation } from '@/server/staff/accept-invitation';
import { changeStaffRole } from '@/server/staff/change-staff-role';
import { inviteStaff } from '@/server/staff/invite-staff';
import { revokeStaff } from '@/server/staff/revoke-staff';
import { withdrawInvitation } from '@/server/staff/withdraw-invitation';

// Server actions for the staff page and the invitation page; each is its REST twin's use case.

/** Managers (staff, to cinemas they manage) and admins, after 2FA. */
export const inviteStaffAction = action(
  { input: inviteStaffSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => inviteStaff({ viewer, input }),
);

export const withdrawInvitationAction = action(
  { input: invitationParamsSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  async ({ id }, { viewer }) => {
    await withdrawInvitation({ viewer, invitationId: id });
    return { withdrawn: true };
  },
);

export const changeStaffRoleAction = action(
  { input: changeStaffRoleActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, userId, role }, { viewer }) => changeStaffRole({ viewer, cinemaId, userId, role }),
);

export const revokeStaffAction = action(
  { input: staffMemberParamsSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, userId }, { viewer }) => revokeStaff({ viewer, cinemaId, userId }),
);

/** Signed in with the invited address. */
export const acceptInvitationAction = action(
  { input: z.object({ token: invitationTokenSchema }), auth: {} },
  ({ token }, { viewer }) => acceptInvitation({ viewer, token }),
);

/** Not signed in: the account is made with the invited address (the link proves it). */
export const signUpAndAcceptInvitationAction = action(
  { input: signUpAndAcceptSchema, auth: 'public' },
  ({ token, name, password }) => acceptInvitation({ viewer: null, token, account: { name, password } }),
);
