import { tokenRequestSchema } from '@/lib/schemas/booking';
import { issueApiToken } from '@/server/auth/issue-api-token';
import { route } from '@/server/http/route';

export const POST = route({ auth: 'public', body: tokenRequestSchema }, ({ body }) => issueApiToken(body));
