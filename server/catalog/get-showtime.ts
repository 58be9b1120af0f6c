import 'server-only';
import { isAppError } from '@/lib/errors';
import { screenTypeOf } from '@/lib/screen-type';
import { getSeatMap } from '@/server/booking/get-seat-map';

/** A showtime's page data: film, cinema, prices and the live seat map (null if it does not exist). */
export async function getShowtime(id: string, viewerId?: string) {
  try {
    const { map, ctx } = await getSeatMap(id, viewerId);
    return {
      id,
      startsAt: map.startsAt,
      endsAt: ctx.endsAt.toISOString(),
      language: ctx.language,
      format: ctx.format,
      status: map.status,
      movie: ctx.movie,
      screen: {
        name: ctx.screenName,
        type: screenTypeOf({
          formats: ctx.screenFormats,
          seats: ctx.seats.size,
          recliners: [...ctx.seats.values()].filter((s) => s.category === 'RECLINER').length,
        }),
        layout: map.layout,
        cinema: { name: ctx.cinema.name, slug: ctx.cinema.slug, address: ctx.cinema.address },
      },
      prices: map.prices,
      seats: map.seats,
      seatMap: map,
      cinemaRules: {
        orphanSeatRule: ctx.cinema.orphanSeatRule,
        wheelchairReleaseMinutes: ctx.cinema.wheelchairReleaseMinutes,
        cancellationCutoffMins: ctx.cinema.cancellationCutoffMins,
      },
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
