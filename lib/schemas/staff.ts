import { z } from 'zod';
import { emailSchema, signUpSchema } from '@/lib/schemas/auth';
import { text } from '@/lib/schemas/text';

// Who works where: invitations to cinemas by email, and the roles people hold at them. Shared by
// the staff page's forms, the server actions and the REST operations.

export const CINEMA_ROLES = ['STAFF', 'MANAGER'] as const;
export type CinemaRoleName = (typeof CINEMA_ROLES)[number];

export const ROLE_LABELS: Record<CinemaRoleName, string> = { STAFF: 'Staff', MANAGER: 'Manager' };

/** How long an invitation can be accepted. */
export const INVITATION_DAYS = 7;

export const inviteStaffSchema = z.object({
  email: emailSchema,
  role: z.enum(CINEMA_ROLES, 'Choose staff or manager.'),
  cinemaIds: z
    .array(z.uuid())
    .min(1, 'Choose at least one cinema.')
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'Each cinema once.'),
});
export type InviteStaffInput = z.output<typeof inviteStaffSchema>;

/** The token of an invitation link: 32 random bytes, base64url. */
export const invitationTokenSchema = text()
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This invitation link is incomplete: open it from the email again.');

export const acceptInvitationSchema = z.object({
  token: invitationTokenSchema,
  /** Without a session: the account to create, with the invitation's address. */
  account: signUpSchema.pick({ name: true, password: true }).optional(),
});
export type AcceptInvitationInput = z.output<typeof acceptInvitationSchema>;

export const signUpAndAcceptSchema = signUpSchema.pick({ name: true, password: true }).extend({
  token: invitationTokenSchema,
});

export const staffRoleChangeSchema = z.object({ role: z.enum(CINEMA_ROLES, 'Choose staff or manager.') });

export const staffMemberParamsSchema = z.object({ cinemaId: z.uuid(), userId: z.uuid() });
export const invitationParamsSchema = z.object({ id: z.uuid() });

export const changeStaffRoleActionSchema = staffMemberParamsSchema.extend(staffRoleChangeSchema.shape);

export const staffListQuerySchema = z.object({
  /** Part of the name or email. */
  q: text().trim().max(100).optional(),
  role: z.enum(CINEMA_ROLES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
});
export type StaffListQuery = z.output<typeof staffListQuerySchema>;

// ─── What the server answers ─────────────────────────────────────────────────

export const invitationViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(CINEMA_ROLES),
  cinemas: z.array(z.object({ id: z.uuid(), name: z.string() })),
  invitedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

export const staffMemberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(CINEMA_ROLES),
  /** ADMIN when the person is also an admin (admins act everywhere, whatever their row here). */
  accountRole: z.enum(['CUSTOMER', 'STAFF', 'MANAGER', 'ADMIN']),
  since: z.iso.datetime(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const staffListSchema = z.object({
  cinema: z.object({ id: z.uuid(), name: z.string() }),
  people: z.array(staffMemberSchema),
  page: z.number().int(),
  perPage: z.number().int(),
  total: z.number().int(),
  /** Invitations not yet accepted, revoked or expired, newest first. */
  invitations: z.array(invitationViewSchema),
});
export type StaffList = z.infer<typeof staffListSchema>;

export const acceptedInvitationSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.enum(CINEMA_ROLES),
  cinemas: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** A new account was made with the invitation's address: sign in with it. */
  accountCreated: z.boolean(),
});
export type AcceptedInvitation = z.infer<typeof acceptedInvitationSchema>;

export const staffChangeSchema = z.object({
  userId: z.uuid(),
  cinemaId: z.uuid(),
  /** The role held at the cinema now; null when revoked. */
  role: z.enum(CINEMA_ROLES).nullable(),
  accountRole: z.enum(['CUSTOMER', 'STAFF', 'MANAGER', 'ADMIN']),
});
export type StaffChange = z.infer<typeof staffChangeSchema>;
