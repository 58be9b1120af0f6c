import 'server-only';
import { apiTokenRequestSchema } from '@/lib/schemas/account';
import { tokenResponseSchema } from '@/lib/schemas/booking';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { issueApiToken } from '@/server/auth/issue-api-token';

export const createApiTokenOp = operation({
  operationId: 'createApiToken',
  method: 'post',
  path: '/api/v1/auth/token',
  tag: 'Auth',
  summary: 'Get an API token',
  description:
    'Exchanges an email and password for a bearer token, valid for `expiresIn` seconds (one hour). There is no refresh token: ask for a new one when it expires. Changing the password or being removed invalidates outstanding tokens within seconds.\n\nAn account with two-factor authentication must also send `totp`: the current 6-digit code from its authenticator app, or one of its recovery codes. Without it the answer is `401 TOTP_REQUIRED` (the password was right); a wrong code is `400 INVALID_CODE`. The email address must be verified (`403 EMAIL_NOT_VERIFIED`, only after the right password). Five failures for one account or from one address lock it for 15 minutes (`429 RATE_LIMITED` with `Retry-After`, the same answer whether or not the account exists).',
  auth: 'public',
  body: apiTokenRequestSchema,
  success: { status: 200, description: 'A bearer token.', schema: tokenResponseSchema },
  errors: [
    ...BODY_ERRORS,
    'INVALID_CREDENTIALS',
    'TOTP_REQUIRED',
    'INVALID_CODE',
    'EMAIL_NOT_VERIFIED',
    'RATE_LIMITED',
  ],
  example: { body: { email: 'customer@marquee.test', password: 'marquee-demo' } },
  handler: ({ body, ip }) => issueApiToken({ ...body, ip }),
});
