import 'server-only';
import { formatTimeOfDay } from '@/lib/local-time';
import type { PriceCard } from '@/lib/schemas/pricing-admin';
import { authorize, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { loadProgrammeContext } from '@/server/programme/programme-context';

const FORMAT_ORDER = ['TWO_D', 'THREE_D', 'IMAX', 'FOUR_DX'] as const;

/** The card as stored, with the categories and formats of the cinema's screens. */
export async function readPriceCard(client: Tx, cinemaId: string): Promise<PriceCard> {
  const ctx = await loadProgrammeContext(client, cinemaId);
  const screens = [...ctx.screens.values()];
  const rows = await client.priceCardEntry.findMany({
    where: { cinemaId },
    select: { category: true, format: true, dayPart: true, priceMinor: true },
    orderBy: [{ format: 'asc' }, { dayPart: 'asc' }, { category: 'asc' }],
  });
  return {
    cinema: { id: ctx.cinema.id, name: ctx.cinema.name, timeZone: ctx.cinema.timeZone },
    eveningFrom: formatTimeOfDay(ctx.cinema.eveningFromMinute),
    nightFrom: formatTimeOfDay(ctx.cinema.nightFromMinute),
    categories: (['STANDARD', 'PREMIUM', 'RECLINER'] as const).filter((c) =>
      screens.some((s) => s.categories.includes(c)),
    ),
    formats: FORMAT_ORDER.filter((f) => screens.some((s) => s.formats.includes(f))),
    entries: rows,
  };
}

/** A cinema's price card, for its managers and admins. */
export async function getPriceCard(options: { viewer: Viewer; cinemaId: string }): Promise<PriceCard> {
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  return readPriceCard(db(), options.cinemaId);
}
