import 'server-only';
import { AppError } from '@/lib/errors';
import { type PriceBreakdown, priceBreakdownSchema } from '@/lib/schemas/pricing';
import { assertBookable, resolveSeats } from '@/server/booking/hold-seats';
import { showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { priceSelection, withDiscount } from '@/server/pricing/price-selection';
import { findPromo, promoDiscount } from '@/server/pricing/promo';

/** What these seats would cost now, with an optional promo code: the same computation a hold locks in. */
export async function quotePrice(options: {
  userId: string;
  showtimeId: string;
  seatIds: string[];
  promoCode?: string;
}): Promise<PriceBreakdown> {
  const ctx = await showtimeContext(options.showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  assertBookable(ctx, new Date());
  const seats = resolveSeats(ctx, options.seatIds);
  const [{ n }] = (await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM seat_claims
    WHERE showtime_id = ${ctx.id}::uuid AND state IN ('HELD', 'SOLD') AND (state = 'SOLD' OR expires_at > now())`) as [
    { n: number },
  ];
  const discount = options.promoCode
    ? await promoDiscount(await findPromo(options.promoCode), {
        userId: options.userId,
        cinemaId: ctx.cinema.id,
        movieId: ctx.movie.id,
        seatCount: seats.length,
        now: new Date(),
      })
    : undefined;
  return priceSelection({
    ctx,
    seats,
    occupancyBps: Math.floor((n * 10_000) / Math.max(1, ctx.capacity)),
    discount,
  });
}

/** What checkout would charge for an existing hold, with a promo code applied. */
export async function quoteHold(options: {
  userId: string;
  holdId: string;
  promoCode?: string;
}): Promise<PriceBreakdown> {
  const hold = await db().seatHold.findUnique({
    where: { id: options.holdId },
    select: {
      userId: true,
      status: true,
      price: true,
      showtime: { select: { movieId: true, screen: { select: { cinemaId: true } } } },
    },
  });
  if (!hold || hold.userId !== options.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
  if (hold.status !== 'ACTIVE') throw new AppError('HOLD_EXPIRED', 'Your hold on these seats has ended.');
  const locked = priceBreakdownSchema.parse(hold.price);
  // The hold may carry a discount from an earlier, unfinished checkout: without a code, quote
  // exactly what checkout without a code would charge.
  if (!options.promoCode) return withDiscount(locked, null);
  const discount = await promoDiscount(await findPromo(options.promoCode), {
    userId: options.userId,
    cinemaId: hold.showtime.screen.cinemaId,
    movieId: hold.showtime.movieId,
    seatCount: locked.seats.length,
    now: new Date(),
  });
  return withDiscount(locked, discount);
}
