import 'server-only';
import { cinemaIdParamsSchema } from '@/lib/schemas/cinemas';
import {
  acceptedInvitationSchema,
  acceptInvitationSchema,
  invitationParamsSchema,
  invitationViewSchema,
  inviteStaffSchema,
  staffChangeSchema,
  staffListQuerySchema,
  staffListSchema,
  staffMemberParamsSchema,
  staffRoleChangeSchema,
} from '@/lib/schemas/staff';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE_CINEMA_ID } from '@/server/api/operations/venues';
import { acceptInvitation } from '@/server/staff/accept-invitation';
import { changeStaffRole } from '@/server/staff/change-staff-role';
import { inviteStaff } from '@/server/staff/invite-staff';
import { listCinemaStaff } from '@/server/staff/list-cinema-staff';
import { revokeStaff } from '@/server/staff/revoke-staff';
import { withdrawInvitation } from '@/server/staff/withdraw-invitation';

// Who works where: invitations by email, roles at cinemas, revocation.

const EXAMPLE_USER_ID = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
const EXAMPLE_INVITATION_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

export const listCinemaStaffOp = operation({
  operationId: 'listCinemaStaff',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/staff',
  tag: 'Staff',
  summary: 'List who works at a cinema',
  description:
    "The cinema's staff and managers by name, a page at a time (`q` matches part of a name or email, `role` keeps one role), and the invitations still open there. For managers of the cinema (another cinema is 403 whether or not it exists) and admins.",
  auth: { roles: ['MANAGER'] },
  params: cinemaIdParamsSchema,
  query: staffListQuerySchema,
  success: { status: 200, description: 'People and open invitations.', schema: staffListSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE_CINEMA_ID }, query: { role: 'STAFF' } },
  handler: ({ params, query, viewer }) => listCinemaStaff({ viewer, cinemaId: params.cinemaId, query }),
});

export const inviteStaffOp = operation({
  operationId: 'inviteStaff',
  method: 'post',
  path: '/api/v1/staff-invitations',
  tag: 'Staff',
  summary: 'Invite someone to work at cinemas',
  description:
    'Mails an invitation to `email` to work at `cinemaIds` as `role`. Managers invite staff to cinemas they manage; only admins invite managers. The link in the mail works once, for 7 days, signed in with that address or creating the account with it (see `acceptStaffInvitation`). Audited. After two-factor authentication.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  body: inviteStaffSchema,
  success: { status: 201, description: 'The invitation, mailed.', schema: invitationViewSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { body: { email: 'door@marquee.test', role: 'STAFF', cinemaIds: [EXAMPLE_CINEMA_ID] } },
  handler: async ({ body, viewer }) => inviteStaff({ viewer, input: body }),
});

export const withdrawStaffInvitationOp = operation({
  operationId: 'withdrawStaffInvitation',
  method: 'delete',
  path: '/api/v1/staff-invitations/{id}',
  tag: 'Staff',
  summary: 'Withdraw an invitation',
  description:
    'Its link stops working (and its mail, if still queued, is not sent). For admins, and managers of every cinema it is for (anyone else gets 404). An invitation already accepted or withdrawn is 409. After two-factor authentication.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: invitationParamsSchema,
  success: { status: 204, description: 'Withdrawn.' },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { id: EXAMPLE_INVITATION_ID } },
  handler: async ({ params, viewer }) => {
    await withdrawInvitation({ viewer, invitationId: params.id });
  },
});

export const acceptStaffInvitationOp = operation({
  operationId: 'acceptStaffInvitation',
  method: 'post',
  path: '/api/v1/staff-invitations/accept',
  tag: 'Staff',
  summary: 'Accept an invitation',
  description:
    'With the token from the invitation link. Signed in, the caller must be the invited address (403 otherwise). Without a session, send `account` (`name`, `password`) to create the account with the invited address, verified by the link (409 `EMAIL_TAKEN` if it exists: sign in instead). Grants the role at the cinemas, never lowering one already held. A link already used, withdrawn or expired is 409 `CONFLICT` with `details.reason`.',
  auth: 'optional',
  body: acceptInvitationSchema,
  success: { status: 200, description: 'Accepted.', schema: acceptedInvitationSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'EMAIL_TAKEN'],
  example: { body: { token: 'q8Xb3v9zKx4rT1mN7pL2sW5yC0dF6gH8jA3eR9uI1oP' } },
  handler: ({ body, viewer }) => acceptInvitation({ viewer, token: body.token, account: body.account }),
});

export const changeStaffRoleOp = operation({
  operationId: 'changeStaffRole',
  method: 'put',
  path: '/api/v1/cinemas/{cinemaId}/staff/{userId}',
  tag: 'Staff',
  summary: "Change a person's role at a cinema",
  description:
    "Makes a person who works at the cinema staff or manager there. Admins only can make or unmake managers (a manager gets 403); nobody changes their own role. A demotion ends the person's sessions and API tokens at once; a promotion keeps them signed in. Audited. After two-factor authentication.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: staffMemberParamsSchema,
  body: staffRoleChangeSchema,
  success: { status: 200, description: 'The role now.', schema: staffChangeSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE_CINEMA_ID, userId: EXAMPLE_USER_ID }, body: { role: 'MANAGER' } },
  handler: ({ params, body, viewer }) =>
    changeStaffRole({ viewer, cinemaId: params.cinemaId, userId: params.userId, role: body.role }),
});

export const revokeStaffOp = operation({
  operationId: 'revokeStaff',
  method: 'delete',
  path: '/api/v1/cinemas/{cinemaId}/staff/{userId}',
  tag: 'Staff',
  summary: "Revoke a person's role at a cinema",
  description:
    'The person no longer works at the cinema: managers revoke staff, admins anyone; nobody revokes themselves. Every session and API token of theirs stops working at the next request; invitations they sent for this cinema and nobody accepted are withdrawn. Audited. After two-factor authentication.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: staffMemberParamsSchema,
  success: { status: 200, description: 'What the person holds now.', schema: staffChangeSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE_CINEMA_ID, userId: EXAMPLE_USER_ID } },
  handler: ({ params, viewer }) => revokeStaff({ viewer, cinemaId: params.cinemaId, userId: params.userId }),
});
