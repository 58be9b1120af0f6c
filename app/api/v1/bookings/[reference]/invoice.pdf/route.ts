import { referenceParamsSchema } from '@/lib/schemas/booking';
import { bookingInvoicePdf } from '@/server/booking/booking-documents';
import { route } from '@/server/http/route';

export const GET = route({ auth: {}, params: referenceParamsSchema }, async ({ params, viewer }) => {
  const { pdf, filename } = await bookingInvoicePdf({ reference: params.reference, viewer });
  return new Response(Buffer.from(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
});
