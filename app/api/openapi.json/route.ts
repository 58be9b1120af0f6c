import { openApiDocument } from '@/server/http/openapi';
import { json, route } from '@/server/http/route';

// The REST API's description, generated from the zod schemas the handlers validate with.
export const GET = route({ auth: 'public' }, async () =>
  json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } }),
);
