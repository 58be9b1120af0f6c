import { quoteRequestSchema } from '@/lib/schemas/booking';
import { quotePrice } from '@/server/booking/quote-price';
import { route } from '@/server/http/route';

export const POST = route({ auth: {}, body: quoteRequestSchema }, ({ body, viewer }) =>
  quotePrice({ userId: viewer.id, ...body }),
);
