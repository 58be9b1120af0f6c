import { bookingListQuerySchema } from '@/lib/schemas/booking';
import { listBookings } from '@/server/booking/list-bookings';
import { route } from '@/server/http/route';

export const GET = route({ auth: {}, query: bookingListQuerySchema }, ({ query, viewer }) =>
  listBookings({ userId: viewer.id, ...query }),
);
