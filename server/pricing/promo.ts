import 'server-only';
import { AppError } from '@/lib/errors';
import type { Tx } from '@/server/db';
import { db } from '@/server/db';
import type { Discount } from '@/server/pricing/price-selection';
import { roundDiv } from '@/server/pricing/price-selection';

// Promo codes: percent or fixed, a validity window, a minimum number of seats, a total usage
// limit (enforced finally by the row's CHECK on redemption_count), a per-user limit (counted
// inside the checkout under the code's row lock, so two concurrent checkouts cannot both take the
// last use), and the cinemas and films it applies to (none listed: all). A code is read afresh at
// every quote and checkout; the discount is locked into the hold's price when its payment starts,
// so an operator's change applies to checkouts after it and never to a payment under way.

export type PromoRow = {
  id: string;
  code: string;
  description: string;
  kind: 'PERCENT' | 'FIXED';
  value: number;
  maxDiscountMinor: number | null;
  validFrom: Date;
  validUntil: Date;
  minSeats: number;
  maxRedemptions: number | null;
  maxPerUser: number;
  redemptionCount: number;
  active: boolean;
  /** Empty: every cinema. */
  cinemaIds: string[];
  /** Empty: every film. */
  movieIds: string[];
};

const invalid = (message: string, reason: string) =>
  new AppError('PROMO_INVALID', message, { details: { reason } });

export async function findPromo(code: string, client: Tx = db()): Promise<PromoRow> {
  const promo = await client.promoCode.findUnique({
    where: { code: code.toUpperCase() },
    include: { cinemas: { select: { cinemaId: true } }, films: { select: { movieId: true } } },
  });
  if (!promo?.active) throw invalid(`${code.toUpperCase()} is not a valid promo code.`, 'unknown');
  const { cinemas, films, ...row } = promo;
  return { ...row, cinemaIds: cinemas.map((c) => c.cinemaId), movieIds: films.map((f) => f.movieId) };
}

/** Checks a promo against a selection and returns the discount it gives, or says why not. */
export async function promoDiscount(
  promo: PromoRow,
  options: { userId: string; cinemaId: string; movieId: string; seatCount: number; now: Date; client?: Tx },
): Promise<(subtotalMinor: number) => Discount> {
  if (options.now < promo.validFrom) throw invalid(`${promo.code} is not valid yet.`, 'not-started');
  if (options.now >= promo.validUntil) throw invalid(`${promo.code} has expired.`, 'expired');
  if (promo.cinemaIds.length && !promo.cinemaIds.includes(options.cinemaId)) {
    throw invalid(`${promo.code} is not valid at this cinema.`, 'wrong-cinema');
  }
  if (promo.movieIds.length && !promo.movieIds.includes(options.movieId)) {
    throw invalid(`${promo.code} is not valid for this film.`, 'wrong-film');
  }
  if (options.seatCount < promo.minSeats) {
    throw invalid(`${promo.code} needs at least ${promo.minSeats} seats.`, 'min-seats');
  }
  if (promo.maxRedemptions !== null && promo.redemptionCount >= promo.maxRedemptions) {
    throw invalid(`${promo.code} has been fully used.`, 'exhausted');
  }
  const used = await (options.client ?? db()).promoRedemption.count({
    where: { promoCodeId: promo.id, userId: options.userId },
  });
  if (used >= promo.maxPerUser) {
    throw invalid(
      promo.maxPerUser === 1
        ? `You have already used ${promo.code}.`
        : `You have used ${promo.code} ${used} times, the most allowed.`,
      'per-user-limit',
    );
  }
  return (subtotalMinor) => {
    const raw = promo.kind === 'PERCENT' ? roundDiv(subtotalMinor * promo.value, 10_000) : promo.value;
    const capped = promo.maxDiscountMinor === null ? raw : Math.min(raw, promo.maxDiscountMinor);
    return { code: promo.code, description: promo.description, amountMinor: Math.min(capped, subtotalMinor) };
  };
}
