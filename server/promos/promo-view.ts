import 'server-only';
import type { Promo } from '@/lib/schemas/promos';
import type { Prisma } from '@/prisma/generated/client';
import type { Db, Tx } from '@/server/db';

export const promoSelect = {
  id: true,
  code: true,
  description: true,
  kind: true,
  value: true,
  maxDiscountMinor: true,
  validFrom: true,
  validUntil: true,
  minSeats: true,
  maxRedemptions: true,
  maxPerUser: true,
  active: true,
  createdAt: true,
  updatedAt: true,
  cinemas: { select: { cinema: { select: { id: true, name: true } } }, orderBy: { cinema: { name: 'asc' } } },
  films: { select: { movie: { select: { id: true, title: true } } }, orderBy: { movie: { title: 'asc' } } },
} satisfies Prisma.PromoCodeSelect;

type PromoRow = Prisma.PromoCodeGetPayload<{ select: typeof promoSelect }>;
type Usage = Promo['usage'];

/** Each code's use so far: bookings made with it, uses held by payments under way, discount given. */
export async function promoUsage(client: Db | Tx, ids: readonly string[]): Promise<Map<string, Usage>> {
  const usage = new Map<string, Usage>(
    ids.map((id) => [id, { redemptions: 0, reserved: 0, discountGivenMinor: 0 }]),
  );
  if (ids.length === 0) return usage;
  const rows = await client.$queryRaw<
    { promo_code_id: string; redemptions: number; reserved: number; given: bigint | null }[]
  >`
    SELECT promo_code_id::text,
           count(*) FILTER (WHERE booking_id IS NOT NULL)::int AS redemptions,
           count(*) FILTER (WHERE booking_id IS NULL)::int AS reserved,
           sum(discount_minor) FILTER (WHERE booking_id IS NOT NULL) AS given
    FROM promo_redemptions WHERE promo_code_id = ANY(${[...ids]}::uuid[])
    GROUP BY promo_code_id`;
  for (const r of rows) {
    usage.set(r.promo_code_id, {
      redemptions: r.redemptions,
      reserved: r.reserved,
      discountGivenMinor: Number(r.given ?? 0n),
    });
  }
  return usage;
}

export function toPromo(row: PromoRow, usage: Usage | undefined, canEdit: boolean): Promo {
  return {
    id: row.id,
    code: row.code,
    description: row.description,
    kind: row.kind,
    value: row.value,
    maxDiscountMinor: row.maxDiscountMinor,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil.toISOString(),
    minSeats: row.minSeats,
    maxRedemptions: row.maxRedemptions,
    maxPerUser: row.maxPerUser,
    active: row.active,
    cinemas: row.cinemas.map((c) => c.cinema),
    films: row.films.map((f) => f.movie),
    usage: usage ?? { redemptions: 0, reserved: 0, discountGivenMinor: 0 },
    canEdit,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a code: its settings, not its usage. */
export function promoRecord(p: Promo) {
  return {
    // Not `code`: the log's redaction takes any field of that name for a one-time code.
    promoCode: p.code,
    description: p.description,
    kind: p.kind,
    value: p.value,
    maxDiscountMinor: p.maxDiscountMinor,
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    minSeats: p.minSeats,
    maxRedemptions: p.maxRedemptions,
    maxPerUser: p.maxPerUser,
    active: p.active,
    cinemaIds: p.cinemas.map((c) => c.id).sort(),
    movieIds: p.films.map((f) => f.id).sort(),
  };
}
export type PromoRecord = ReturnType<typeof promoRecord>;
