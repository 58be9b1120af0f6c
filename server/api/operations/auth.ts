import 'server-only';
import {
  apiTokenRequestSchema,
  refreshTokenRequestSchema,
  revokeTokenResponseSchema,
  signOutEverywhereResponseSchema,
} from '@/lib/schemas/account';
import { tokenResponseSchema } from '@/lib/schemas/booking';
import { signOutEverywhere } from '@/server/account/sign-out-everywhere';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { issueApiToken } from '@/server/auth/issue-api-token';
import { refreshApiToken } from '@/server/auth/refresh-api-token';
import { revokeRefreshToken } from '@/server/auth/revoke-refresh-token';

const EXAMPLE_REFRESH_TOKEN = 'mrt_2vQbq0mVtq1y8c4rQW1n3Zf0Yb9oX6dE5aT7uJ2kLsM';

export const createApiTokenOp = operation({
  operationId: 'createApiToken',
  method: 'post',
  path: '/api/v1/auth/token',
  tag: 'Auth',
  summary: 'Get an API token',
  description:
    'Exchanges an email and password for a short-lived bearer access token, valid for `expiresIn` seconds (15 minutes by default), and a `refreshToken` valid for `refreshExpiresIn` seconds (30 days by default). Exchange the refresh token at `POST /api/v1/auth/refresh` for a new pair before or after the access token expires; each refresh token works once. Changing the password, signing out everywhere or being removed invalidates outstanding access tokens within seconds and revokes every refresh token.\n\nAn account with two-factor authentication must also send `totp`: the current 6-digit code from its authenticator app, or one of its recovery codes. Without it the answer is `401 TOTP_REQUIRED` (the password was right); a wrong code is `400 INVALID_CODE`. The email address must be verified (`403 EMAIL_NOT_VERIFIED`, only after the right password). Five failures for one account or from one address lock it for 15 minutes (`429 RATE_LIMITED` with `Retry-After`, the same answer whether or not the account exists).',
  auth: 'public',
  body: apiTokenRequestSchema,
  success: {
    status: 200,
    description: 'A bearer access token and the refresh token of a new sign-in.',
    schema: tokenResponseSchema,
  },
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

export const refreshApiTokenOp = operation({
  operationId: 'refreshApiToken',
  method: 'post',
  path: '/api/v1/auth/refresh',
  tag: 'Auth',
  summary: 'Refresh an API token',
  description:
    'Exchanges a refresh token for a new access token and a new refresh token (rotation): the one sent is used up. Each new refresh token lives `refreshExpiresIn` seconds from now (30 days by default, sliding), but never past 90 days (by default) after the sign-in that started it.\n\nA refresh token sent a second time means a copy of it exists: every refresh token of that sign-in is revoked, including the newest one, and the answer is `401 REFRESH_TOKEN_REUSED`; sign in again. So a client must not refresh with the same token twice, not even from two threads at once (of two concurrent refreshes of one token, one succeeds and the other is taken for reuse). An unknown, expired or revoked token (logout, password change, sign out everywhere) is `401 REFRESH_TOKEN_INVALID`.',
  auth: 'public',
  body: refreshTokenRequestSchema,
  success: { status: 200, description: 'A new access token and refresh token.', schema: tokenResponseSchema },
  errors: [...BODY_ERRORS, 'REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'],
  example: { body: { refreshToken: EXAMPLE_REFRESH_TOKEN } },
  handler: ({ body }) => refreshApiToken({ refreshToken: body.refreshToken }),
});

export const revokeRefreshTokenOp = operation({
  operationId: 'revokeRefreshToken',
  method: 'post',
  path: '/api/v1/auth/revoke',
  tag: 'Auth',
  summary: 'Revoke a refresh token (log out)',
  description:
    'Logs an API client out: the refresh token sent, and every other refresh token of the same sign-in, stop working. Access tokens already issued stay valid until they expire (`expiresIn`); to end those too, use `POST /api/v1/auth/sign-out-everywhere`. The answer is 200 whether or not the token was known (`revoked` says whether anything was revoked now), as RFC 7009 asks.',
  auth: 'public',
  body: refreshTokenRequestSchema,
  success: {
    status: 200,
    description: 'Whether a usable token was revoked.',
    schema: revokeTokenResponseSchema,
  },
  errors: [...BODY_ERRORS],
  example: { body: { refreshToken: EXAMPLE_REFRESH_TOKEN } },
  handler: ({ body }) => revokeRefreshToken({ refreshToken: body.refreshToken }),
});

export const signOutEverywhereOp = operation({
  operationId: 'signOutEverywhere',
  method: 'post',
  path: '/api/v1/auth/sign-out-everywhere',
  tag: 'Auth',
  summary: 'Sign out everywhere',
  description:
    "Ends every session of the caller: web sessions and API access tokens (this request's own included) are refused from the next request on, and every refresh token is revoked. The same as the button on the account's security page. Send no body, or `{}` as `application/json`.",
  auth: {},
  success: {
    status: 200,
    description: 'How many refresh tokens were revoked.',
    schema: signOutEverywhereResponseSchema,
  },
  errors: ['UNAUTHENTICATED'],
  example: {},
  handler: ({ viewer }) => signOutEverywhere({ viewer }),
});
