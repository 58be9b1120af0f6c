import { referenceParamsSchema } from '@/lib/schemas/booking';
import { bookingCalendar } from '@/server/booking/booking-documents';
import { route } from '@/server/http/route';

export const GET = route({ auth: {}, params: referenceParamsSchema }, async ({ params, viewer }) => {
  const ics = await bookingCalendar({ reference: params.reference, viewer });
  return new Response(ics, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="marquee-${params.reference}.ics"`,
      'cache-control': 'private, no-store',
    },
  });
});
