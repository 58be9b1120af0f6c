import { refundListQuerySchema } from '@/lib/schemas/admin';
import { route } from '@/server/http/route';
import { listRefunds } from '@/server/refunds/list-refunds';

// Managers see their cinemas' refunds (admins all); FAILED ones by default.
export const GET = route(
  { auth: { roles: ['MANAGER'] }, query: refundListQuerySchema },
  ({ query, viewer }) => listRefunds({ viewer, status: query.status, limit: query.limit }),
);
