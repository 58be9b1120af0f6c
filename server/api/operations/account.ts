import 'server-only';
import type { z } from 'zod';
import {
  changeEmailSchema,
  changePasswordSchema,
  confirmEmailChangeSchema,
  deleteAccountSchema,
  disableTwoFactorSchema,
  forgotPasswordSchema,
  resendVerificationSchema,
  resetPasswordSchema,
  totpCodeSchema,
  verifyEmailSchema,
} from '@/lib/schemas/account';
import {
  accountDeletedResponseSchema,
  accountResponseSchema,
  emailChangedResponseSchema,
  emailChangeRequestedResponseSchema,
  passwordChangedResponseSchema,
  passwordResetResponseSchema,
  profileResponseSchema,
  recoveryCodesResponseSchema,
  resendVerificationResponseSchema,
  resetRequestedResponseSchema,
  signUpResponseSchema,
  totpEnrolmentResponseSchema,
  twoFactorDisabledResponseSchema,
  updateProfileSchema,
  verifiedResponseSchema,
} from '@/lib/schemas/account-api';
import { signUpSchema } from '@/lib/schemas/auth';
import { confirmEmailChange, requestEmailChange } from '@/server/account/change-email';
import { changePassword } from '@/server/account/change-password';
import { deleteAccount } from '@/server/account/delete-account';
import { getAccount } from '@/server/account/get-account';
import { requestPasswordReset, resetPassword } from '@/server/account/password-reset';
import { updateProfile } from '@/server/account/update-profile';
import { resendVerificationCode, verifyEmail } from '@/server/account/verify-email';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { registerUser } from '@/server/auth/register-user';
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from '@/server/auth/two-factor';

// Everything the sign-up, verify, reset-password, account and security pages do, as REST: the
// same use cases the server actions call (server/actions/auth.ts, account.ts, two-factor.ts),
// with the same rate limits, lockouts and answers that do not reveal who has an account. Where
// the web re-issues its session cookie (a new password, 2FA just turned on), an API client asks
// for a new token with POST /api/v1/auth/token instead.

const EMAIL = 'asha.rao@example.com';
const PASSWORD = 'correct horse battery staple';
const LOCKOUT =
  'Five wrong passwords for one account or from one address lock it for 15 minutes (`429 RATE_LIMITED` with `Retry-After`), as signing in does.';

// ─── Before signing in ────────────────────────────────────────────────────────

export const signUpOp = operation({
  operationId: 'signUp',
  method: 'post',
  path: '/api/v1/account/sign-up',
  tag: 'Account',
  summary: 'Sign up',
  description:
    'Creates a customer account and emails a 6-digit code to the address; until it is confirmed with `POST /api/v1/account/verify-email`, the account cannot get a token (`403 EMAIL_NOT_VERIFIED`). The password needs at least 10 characters. An address that has an account already is `409 EMAIL_TAKEN`, as on the sign-up page.',
  auth: 'public',
  body: signUpSchema,
  success: { status: 201, description: 'The account, waiting for its code.', schema: signUpResponseSchema },
  errors: [...BODY_ERRORS, 'EMAIL_TAKEN', 'RATE_LIMITED'],
  example: { body: { name: 'Asha Rao', email: EMAIL, password: PASSWORD } },
  handler: async ({ body }) => ({ email: (await registerUser(body)).email }),
});

export const verifyEmailOp = operation({
  operationId: 'verifyEmail',
  method: 'post',
  path: '/api/v1/account/verify-email',
  tag: 'Account',
  summary: 'Verify an email address',
  description:
    'The 6-digit code emailed at sign-up (spaces and dashes ignored). A wrong or expired code is `400 INVALID_CODE`, whether or not the address has an account; five wrong codes use the code up. Then get a token with `POST /api/v1/auth/token`.',
  auth: 'public',
  body: verifyEmailSchema,
  success: { status: 200, description: 'The address is verified.', schema: verifiedResponseSchema },
  errors: [...BODY_ERRORS, 'INVALID_CODE', 'RATE_LIMITED'],
  example: { body: { email: EMAIL, code: '482 913' } },
  handler: async ({ body, ip }) => {
    await verifyEmail({ ...body, ip });
    return { verified: true as const };
  },
});

export const resendVerificationOp = operation({
  operationId: 'resendVerification',
  method: 'post',
  path: '/api/v1/account/verify-email/resend',
  tag: 'Account',
  summary: 'Send a new verification code',
  description: `A new code for an unverified account, for its email and password (so it cannot be used to find out which addresses have accounts: a wrong pair is \`401 INVALID_CREDENTIALS\`). \`alreadyVerified\` says there was nothing to do. ${LOCKOUT}`,
  auth: 'public',
  body: resendVerificationSchema,
  success: { status: 200, description: 'A code is on its way.', schema: resendVerificationResponseSchema },
  errors: [...BODY_ERRORS, 'INVALID_CREDENTIALS', 'RATE_LIMITED'],
  example: { body: { email: EMAIL, password: PASSWORD } },
  handler: ({ body, ip }) => resendVerificationCode({ ...body, ip }),
});

export const requestPasswordResetOp = operation({
  operationId: 'requestPasswordReset',
  method: 'post',
  path: '/api/v1/account/password-reset',
  tag: 'Account',
  summary: 'Ask for a password reset link',
  description:
    'Emails a link (valid for 30 minutes) to reset the password, if the address has an account. The answer is the same, and takes as long, whether or not it has one. Limited per address and per client address (`429 RATE_LIMITED`).',
  auth: 'public',
  body: forgotPasswordSchema,
  success: {
    status: 202,
    description: 'If the address has an account, a link is on its way.',
    schema: resetRequestedResponseSchema,
  },
  errors: [...BODY_ERRORS, 'RATE_LIMITED'],
  example: { body: { email: EMAIL } },
  handler: async ({ body, ip }) => {
    await requestPasswordReset({ ...body, ip });
    return { sent: true as const };
  },
});

export const resetPasswordOp = operation({
  operationId: 'resetPassword',
  method: 'post',
  path: '/api/v1/account/password-reset/confirm',
  tag: 'Account',
  summary: 'Set a new password with a reset link',
  description:
    '`token` is the `token` parameter of the emailed link; it works once. The address counts as verified, the sign-in lockout is lifted, and every session and token of the account stops working. Two-factor authentication stays on. A used, expired or unknown token is `400 INVALID_CODE`.',
  auth: 'public',
  body: resetPasswordSchema,
  success: { status: 200, description: 'The password is changed.', schema: passwordResetResponseSchema },
  errors: [...BODY_ERRORS, 'INVALID_CODE'],
  example: { body: { token: 'qZ7v1c9Xk2mLr8Tn4bWd0sYe', password: 'a new long password' } },
  handler: async ({ body }) => {
    await resetPassword(body);
    return { reset: true as const };
  },
});

// ─── The caller's own account ────────────────────────────────────────────────

export const getAccountOp = operation({
  operationId: 'getAccount',
  method: 'get',
  path: '/api/v1/me',
  tag: 'Account',
  summary: 'Get your account',
  description:
    'The caller’s name, email address (and one waiting to be confirmed), role, when the password last changed, and whether two-factor authentication is on with how many recovery codes are left.',
  auth: {},
  success: { status: 200, description: 'The account.', schema: accountResponseSchema },
  errors: ['UNAUTHENTICATED'],
  handler: ({ viewer }) => getAccount(viewer.id),
});

export const updateProfileOp = operation({
  operationId: 'updateProfile',
  method: 'patch',
  path: '/api/v1/me',
  tag: 'Account',
  summary: 'Change your name',
  description:
    'The name tickets, reviews and staff lists show (1–100 characters, as at sign-up). Needs no password: it proves nothing and unlocks nothing. Audited without the names.',
  auth: {},
  body: updateProfileSchema,
  success: { status: 200, description: 'The name now in use.', schema: profileResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED'],
  example: { body: { name: 'Asha R. Rao' } },
  handler: ({ body, viewer }) => updateProfile({ viewer, name: body.name }),
});

export const changePasswordOp = operation({
  operationId: 'changePassword',
  method: 'post',
  path: '/api/v1/me/password',
  tag: 'Account',
  summary: 'Change your password',
  description: `Needs the current password (\`401 INVALID_CREDENTIALS\` if wrong). Every session and token of the account stops working, the one that made this call included: get a new token with the new password. The address is told by email. ${LOCKOUT}`,
  auth: {},
  body: changePasswordSchema,
  success: { status: 200, description: 'The password is changed.', schema: passwordChangedResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'RATE_LIMITED'],
  example: { body: { currentPassword: PASSWORD, newPassword: 'a new long password' } },
  handler: async ({ body, viewer, ip }) => {
    await changePassword({ viewer, ...body, ip });
    return { changed: true as const };
  },
});

export const requestEmailChangeOp = operation({
  operationId: 'requestEmailChange',
  method: 'post',
  path: '/api/v1/me/email',
  tag: 'Account',
  summary: 'Change your email address',
  description: `Needs the password; sends a 6-digit code to the new address, which becomes the account’s only when the code comes back (\`POST /api/v1/me/email/confirm\`). \`409 EMAIL_TAKEN\` if another account has it, \`409 CONFLICT\` if it is already yours. ${LOCKOUT}`,
  auth: {},
  body: changeEmailSchema,
  success: { status: 200, description: 'The code is sent.', schema: emailChangeRequestedResponseSchema },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'INVALID_CREDENTIALS',
    'CONFLICT',
    'EMAIL_TAKEN',
    'RATE_LIMITED',
  ],
  example: { body: { newEmail: 'asha@example.in', password: PASSWORD } },
  handler: ({ body, viewer, ip }) => requestEmailChange({ viewer, ...body, ip }),
});

export const confirmEmailChangeOp = operation({
  operationId: 'confirmEmailChange',
  method: 'post',
  path: '/api/v1/me/email/confirm',
  tag: 'Account',
  summary: 'Confirm a new email address',
  description:
    'The code sent to the new address. The old address is told. A wrong or expired code is `400 INVALID_CODE`; five wrong codes use it up.',
  auth: {},
  body: confirmEmailChangeSchema,
  success: { status: 200, description: 'The address now in use.', schema: emailChangedResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'INVALID_CODE', 'EMAIL_TAKEN', 'RATE_LIMITED'],
  example: { body: { code: '193 204' } },
  handler: ({ body, viewer, ip }) => confirmEmailChange({ viewer, ...body, ip }),
});

export const deleteAccountOp = operation({
  operationId: 'deleteAccount',
  method: 'post',
  path: '/api/v1/me/delete',
  tag: 'Account',
  summary: 'Delete your account',
  description: `Needs the password and \`confirm: "DELETE"\`. The account is anonymised: its email address, name, password and two-factor seed go, and it cannot sign in again; bookings and tickets already issued stay (the cinema keeps its sales records). An administrator cannot delete their own account (\`403\`). ${LOCKOUT}`,
  auth: {},
  body: deleteAccountSchema,
  success: { status: 200, description: 'The account is gone.', schema: accountDeletedResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_CREDENTIALS', 'RATE_LIMITED'],
  example: { body: { password: PASSWORD, confirm: 'DELETE' } },
  handler: async ({ body, viewer, ip }) => {
    await deleteAccount({ viewer, password: body.password, ip });
    return { deleted: true as const };
  },
});

// ─── Two-factor authentication ────────────────────────────────────────────────

export const startTwoFactorOp = operation({
  operationId: 'startTwoFactor',
  method: 'post',
  path: '/api/v1/me/two-factor',
  tag: 'Account',
  summary: 'Start turning on two-factor authentication',
  description:
    'A new TOTP secret (SHA-1, 6 digits, 30 s), as text, as an `otpauth://` URI and as a QR code. It is not in force until a code from it is confirmed (`POST /api/v1/me/two-factor/confirm`); starting again replaces it. `409 CONFLICT` if two-factor authentication is already on.',
  auth: {},
  success: {
    status: 200,
    description: 'The secret to add to an authenticator app.',
    schema: totpEnrolmentResponseSchema,
  },
  errors: ['UNAUTHENTICATED', 'CONFLICT'],
  handler: ({ viewer }) => startTotpEnrolment(viewer),
});

export const confirmTwoFactorOp = operation({
  operationId: 'confirmTwoFactor',
  method: 'post',
  path: '/api/v1/me/two-factor/confirm',
  tag: 'Account',
  summary: 'Turn on two-factor authentication',
  description:
    'The current code from the authenticator app proves it holds the secret: two-factor authentication is on, and the answer carries ten recovery codes, shown this once. From now on a token needs `totp` too; managers and admins get one that passed the second factor (what their writes need) from `POST /api/v1/auth/token`. `400 INVALID_CODE` for a wrong code, `409 CONFLICT` if nothing was started or it is on already.',
  auth: {},
  body: totpCodeSchema,
  success: { status: 200, description: 'On, with recovery codes.', schema: recoveryCodesResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'INVALID_CODE', 'CONFLICT'],
  example: { body: { code: '492039' } },
  handler: ({ body, viewer }) => confirmTotpEnrolment({ actor: viewer, code: body.code }),
});

export const disableTwoFactorOp = operation({
  operationId: 'disableTwoFactor',
  method: 'post',
  path: '/api/v1/me/two-factor/disable',
  tag: 'Account',
  summary: 'Turn off two-factor authentication',
  description:
    'Needs the password and a current code from the app (or a recovery code), as the security page does: `401 INVALID_CREDENTIALS` for a wrong password, `400 INVALID_CODE` for a wrong code. The secret and the recovery codes are deleted.',
  auth: {},
  body: disableTwoFactorSchema,
  success: { status: 200, description: 'Off.', schema: twoFactorDisabledResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'INVALID_CODE'],
  example: { body: { password: PASSWORD, code: '492039' } },
  handler: async ({ body, viewer }) => {
    await disableTotp({ actor: viewer, ...body });
    return { disabled: true as const };
  },
});

export const regenerateRecoveryCodesOp = operation({
  operationId: 'regenerateRecoveryCodes',
  method: 'post',
  path: '/api/v1/me/two-factor/recovery-codes',
  tag: 'Account',
  summary: 'Get new recovery codes',
  description:
    'For a current code from the authenticator app (not a recovery code): ten new recovery codes, and the old ones stop working. `400 INVALID_CODE` otherwise, or when two-factor authentication is off.',
  auth: {},
  body: totpCodeSchema,
  success: { status: 200, description: 'The new recovery codes.', schema: recoveryCodesResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'INVALID_CODE'],
  example: { body: { code: '492039' } },
  handler: ({ body, viewer }) => regenerateRecoveryCodes({ actor: viewer, code: body.code }),
});

// The use cases' answers are what the schemas document (the build fails when one drifts).
type Fits<A, B> = [A] extends [B] ? true : false;
type Check<T extends true> = T;
export type AccountAnswersAgree = [
  Check<Fits<Awaited<ReturnType<typeof getAccount>>, z.output<typeof accountResponseSchema>>>,
  Check<Fits<Awaited<ReturnType<typeof startTotpEnrolment>>, z.output<typeof totpEnrolmentResponseSchema>>>,
  Check<Fits<Awaited<ReturnType<typeof confirmTotpEnrolment>>, z.output<typeof recoveryCodesResponseSchema>>>,
  Check<
    Fits<
      Awaited<ReturnType<typeof resendVerificationCode>>,
      z.output<typeof resendVerificationResponseSchema>
    >
  >,
  Check<
    Fits<Awaited<ReturnType<typeof requestEmailChange>>, z.output<typeof emailChangeRequestedResponseSchema>>
  >,
  Check<Fits<Awaited<ReturnType<typeof confirmEmailChange>>, z.output<typeof emailChangedResponseSchema>>>,
];
