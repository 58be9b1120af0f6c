import { z } from 'zod';
import { signUpSchema } from '@/lib/schemas/auth';

// Answers of the account operations (server/api/operations/account.ts): signing up, proving an
// address, resetting a password, the caller's own account and its two-factor authentication.

export const signUpResponseSchema = z.object({
  /** The address the 6-digit verification code was sent to. */
  email: z.string(),
});
export const verifiedResponseSchema = z.object({ verified: z.literal(true) });
export const resendVerificationResponseSchema = z.object({
  /** True when the address was verified already (no code is sent). */
  alreadyVerified: z.boolean(),
});
export const resetRequestedResponseSchema = z.object({ sent: z.literal(true) });
export const passwordResetResponseSchema = z.object({ reset: z.literal(true) });
export const passwordChangedResponseSchema = z.object({ changed: z.literal(true) });
export const emailChangeRequestedResponseSchema = z.object({ sentTo: z.string() });
export const emailChangedResponseSchema = z.object({ email: z.string() });
export const accountDeletedResponseSchema = z.object({ deleted: z.literal(true) });
export const twoFactorDisabledResponseSchema = z.object({ disabled: z.literal(true) });

export const accountResponseSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  role: z.enum(['CUSTOMER', 'STAFF', 'MANAGER', 'ADMIN']),
  passwordChangedAt: z.iso.datetime().nullable(),
  twoFactor: z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() }),
  /** The new address a change is waiting to be confirmed for, with the code sent there. */
  pendingEmailChange: z.string().nullable(),
});

export const totpEnrolmentResponseSchema = z.object({
  /** The secret in base32, in groups of four, for typing into an authenticator app. */
  manualKey: z.string(),
  /** The same secret as an `otpauth://` URI (what the QR code holds). */
  otpauthUri: z.string(),
  /** The URI as a QR code, an SVG document. */
  qrSvg: z.string(),
});

export const recoveryCodesResponseSchema = z.object({
  /** Ten single-use codes (xxxxx-xxxxx), shown this once: each replaces the authenticator code once. */
  recoveryCodes: z.array(z.string()),
});

/** The display name, under the sign-up form's rule. */
export const updateProfileSchema = signUpSchema.pick({ name: true });
export const profileResponseSchema = z.object({ name: z.string() });
