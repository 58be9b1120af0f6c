import { checkHealth } from '@/server/health/check-health';
import { route } from '@/server/http/route';

export const GET = route({ auth: 'public' }, async () => checkHealth());
