import { apiTokenRequestSchema } from '@/lib/schemas/account';
import { issueApiToken } from '@/server/auth/issue-api-token';
import { route } from '@/server/http/route';
import { clientIp } from '@/server/security/client-ip';

export const POST = route({ auth: 'public', body: apiTokenRequestSchema }, ({ body, req }) =>
  issueApiToken({ ...body, ip: clientIp(req.headers) }),
);
