import { authorizeCron } from '@/server/booking/cron-auth';
import { expireHolds } from '@/server/booking/expire-holds';
import { route } from '@/server/http/route';

// For an external scheduler; the custom server also runs the same sweep every few seconds.
export const POST = route({ auth: 'public' }, async ({ req }) => {
  authorizeCron(req.headers.get('authorization'));
  return expireHolds();
});
