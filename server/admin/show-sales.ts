import 'server-only';
import { Prisma } from '@/prisma/generated/client';

// How a show sells, as columns of a query over `showtimes sh` (the admin lists and the
// dashboard read it the same way): seats sold, seats held right now, and the gross of its
// confirmed bookings (what customers paid, fees and tax included).
export const SHOW_SALES_COLUMNS = Prisma.sql`
  (SELECT count(*)::int FROM seat_claims cl WHERE cl.showtime_id = sh.id AND cl.state = 'SOLD') AS sold,
  (SELECT count(*)::int FROM seat_claims cl WHERE cl.showtime_id = sh.id AND cl.state = 'HELD' AND cl.expires_at > now()) AS held,
  (SELECT COALESCE(sum(b.total_minor), 0) FROM bookings b WHERE b.showtime_id = sh.id AND b.status = 'CONFIRMED') AS gross`;

export type ShowSalesColumns = { sold: number; held: number; gross: bigint };
