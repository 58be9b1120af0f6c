import { z } from 'zod';
import { emailSchema, passwordSchema } from '@/lib/schemas/auth';
import { tokenRequestSchema } from '@/lib/schemas/booking';
import { text } from '@/lib/schemas/text';

// Account and security forms: shared by the forms, their server actions and the REST handler.

/** A 6-digit emailed code; spaces and dashes people type are ignored. */
const emailCodeSchema = z
  .string()
  .transform((c) => c.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from the email'));

/** A 6-digit authenticator code, or a recovery code (xxxxx-xxxxx). */
const secondFactorCodeSchema = text()
  .trim()
  .min(6, 'Enter the 6-digit code from your app, or a recovery code')
  .max(24, 'Enter the 6-digit code from your app, or a recovery code');

export const apiTokenRequestSchema = tokenRequestSchema.extend({
  /** Required when the account has two-factor authentication: the current code, or a recovery code. */
  totp: secondFactorCodeSchema.optional(),
});
export type ApiTokenRequest = z.infer<typeof apiTokenRequestSchema>;

export const refreshTokenRequestSchema = z.object({
  refreshToken: z.string().min(1, 'Send the refresh token').max(200),
});
export type RefreshTokenRequest = z.infer<typeof refreshTokenRequestSchema>;

export const revokeTokenResponseSchema = z.object({
  /** False when the token was unknown or already revoked (the answer is 200 either way). */
  revoked: z.boolean(),
});

export const signOutEverywhereResponseSchema = z.object({
  /** Refresh tokens that were still usable and are now revoked. */
  revokedRefreshTokens: z.number().int().min(0),
});

export const verifyEmailSchema = z.object({ email: emailSchema, code: emailCodeSchema });

export const resendVerificationSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(200),
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({
  token: text().min(10).max(200),
  password: passwordSchema,
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(200),
  newPassword: passwordSchema,
});

export const changeEmailSchema = z.object({
  newEmail: emailSchema,
  password: z.string().min(1, 'Enter your password').max(200),
});

export const confirmEmailChangeSchema = z.object({ code: emailCodeSchema });

export const deleteAccountSchema = z.object({
  password: z.string().min(1, 'Enter your password').max(200),
  confirm: z.literal('DELETE', 'Type DELETE to confirm'),
});

export const totpCodeSchema = z.object({
  code: z
    .string()
    .transform((c) => c.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your app')),
});

export const secondFactorSchema = z.object({ code: secondFactorCodeSchema });

export const disableTwoFactorSchema = z.object({
  password: z.string().min(1, 'Enter your password').max(200),
  code: secondFactorCodeSchema,
});
