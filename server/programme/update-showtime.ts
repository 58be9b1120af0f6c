import 'server-only';
import { type AccessFeature, canonicalFeatures } from '@/lib/accessibility';
import { AppError } from '@/lib/errors';
import { parseTimeOfDay } from '@/lib/local-time';
import type { Session, UpdateShowtimeBody } from '@/lib/schemas/programme';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { dayPartAt } from '@/server/pricing/price-card';
import { filmOf, screenOf } from '@/server/programme/check-clashes';
import { cardPricesOrThrow, withOverlapDetails } from '@/server/programme/create-showtime';
import {
  assertProgrammable,
  checkGivenPrices,
  type FormatName,
  findClashes,
  futureStart,
  loadFilms,
  loadProgrammeContext,
  localSlot,
  lockScreens,
  overlapError,
  type SessionTimes,
  sessionTimes,
} from '@/server/programme/programme-context';
import { loadSession } from '@/server/programme/session-view';

type Current = {
  screen_id: string;
  movie_id: string;
  starts_at: Date;
  ends_at: Date;
  busy_until: Date;
  status: string;
  language: string;
  format: FormatName;
  accessibility: AccessFeature[];
};

/**
 * Moves a session to another screen, retimes it (another day or time), or gives it new prices.
 *
 * Moving and retiming are for sessions nobody has bought or is holding seats for: people who
 * booked 18:00 in Audi 1 were sold exactly that. Such a session is refused with what it has sold
 * and held (409 CONFLICT, `details.reason` `has-sales`); cancel it instead (every booking is
 * refunded) and add a new one. A session that ever had seats held also stays on its screen
 * (`has-history`): its past holds name that screen's seats. Without new prices, a moved session
 * takes the price card's for its new screen and time.
 *
 * New prices may be given at any time before the start, sold or not: they apply to holds made
 * after the change; holds already priced keep their price (it is locked in the hold).
 *
 * Locks: the screens' programming locks, then the session's seat rows (the order every seat writer
 * keeps: a hold in flight commits first and is then seen here, a hold after it waits for this
 * transaction), then the session.
 */
export async function updateShowtime(options: {
  viewer: Viewer;
  showtimeId: string;
  changes: UpdateShowtimeBody;
  now?: Date;
}): Promise<Session> {
  const { changes, showtimeId } = options;
  const now = options.now ?? new Date();
  const show = await db().showtime.findUnique({
    where: { id: showtimeId },
    select: { screenId: true, screen: { select: { cinemaId: true } } },
  });
  if (!show) throw new AppError('NOT_FOUND', 'Showtime not found.');
  const cinemaId = show.screen.cinemaId;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  const targetScreenId = changes.screenId ?? show.screenId;
  let attempted: SessionTimes | null = null;
  let timeZone = 'UTC';

  await withOverlapDetails(
    () =>
      readCommitted(
        async (tx) => {
          await lockScreens(tx, [show.screenId, targetScreenId]);
          await tx.$queryRaw`
            SELECT row_index FROM showtime_seat_rows WHERE showtime_id = ${showtimeId}::uuid
            ORDER BY row_index FOR UPDATE`;
          const [current] = await tx.$queryRaw<Current[]>`
            SELECT screen_id::text, movie_id::text, starts_at, ends_at, busy_until, status::text, language,
                   format::text AS format, accessibility::text[] AS accessibility
            FROM showtimes WHERE id = ${showtimeId}::uuid FOR UPDATE`;
          if (!current) throw new AppError('NOT_FOUND', 'Showtime not found.');
          if (current.screen_id !== show.screenId)
            throw new AppError(
              'CONFLICT',
              'This session was just moved by someone else. Reload and try again.',
            );
          if (current.status !== 'SCHEDULED') throw new AppError('CONFLICT', 'This session is cancelled.');
          if (current.starts_at.getTime() <= now.getTime())
            throw new AppError('CONFLICT', 'This session has started: it can no longer be changed.');

          const ctx = await loadProgrammeContext(tx, cinemaId);
          timeZone = ctx.cinema.timeZone;
          const screen = screenOf(ctx, targetScreenId);
          const from = localSlot(ctx.cinema, current.starts_at);
          const date = changes.date ?? from.date;
          const minute = changes.time === undefined ? from.minute : parseTimeOfDay(changes.time);
          const changesScreen = screen.id !== current.screen_id;
          const moving = changesScreen || date !== from.date || minute !== from.minute;
          const beforePrices = await tx.showtimePrice.findMany({
            where: { showtimeId },
            select: { category: true, priceMinor: true },
            orderBy: { category: 'asc' },
          });

          let times: SessionTimes = {
            startsAt: current.starts_at,
            endsAt: current.ends_at,
            busyUntil: current.busy_until,
          };
          if (moving) {
            const [taken] = await tx.$queryRaw<{ sold: number; held: number; ever: number }[]>`
              SELECT count(*) FILTER (WHERE state = 'SOLD')::int AS sold,
                     count(*) FILTER (WHERE state = 'HELD' AND expires_at > now())::int AS held,
                     count(*)::int AS ever
              FROM seat_claims WHERE showtime_id = ${showtimeId}::uuid`;
            if (taken && (taken.sold > 0 || taken.held > 0)) {
              const what = [
                taken.sold ? `${taken.sold} seat${taken.sold === 1 ? '' : 's'} sold` : '',
                taken.held ? `${taken.held} held` : '',
              ]
                .filter(Boolean)
                .join(' and ');
              throw new AppError(
                'CONFLICT',
                `This session has ${what}: it cannot be moved or retimed. Cancel it (every booking is refunded in full) and add a new session instead.`,
                { details: { reason: 'has-sales', sold: taken.sold, held: taken.held } },
              );
            }
            if (changesScreen && taken && taken.ever > 0) {
              throw new AppError(
                'CONFLICT',
                'Seats of this session have been held before, so it stays on its screen: retime it there, or cancel it and add a new session.',
                { details: { reason: 'has-history' } },
              );
            }
            const film = filmOf(await loadFilms(tx, [current.movie_id]), current.movie_id);
            assertProgrammable({
              cinema: ctx.cinema,
              screen,
              film,
              date,
              language: current.language,
              format: current.format,
            });
            times = sessionTimes({
              startsAt: futureStart(ctx.cinema, date, minute, now),
              runtimeMinutes: film.runtimeMinutes,
              trailersMinutes: ctx.cinema.trailersMinutes,
              cleaningMinutes: screen.cleaningMinutes,
            });
            attempted = times;
            const clashes = await findClashes(tx, {
              screenIds: [screen.id],
              from: times.startsAt,
              until: times.busyUntil,
              excludeShowtimeId: showtimeId,
            });
            if (clashes.length) throw overlapError(clashes, timeZone);
          }
          const prices = changes.prices
            ? checkGivenPrices(changes.prices, screen)
            : moving
              ? cardPricesOrThrow(ctx, screen, current.format, dayPartAt(minute, ctx.cinema))
              : null;

          if (moving) {
            await tx.showtime.update({
              where: { id: showtimeId },
              data: { screenId: screen.id, ...times },
            });
            if (changesScreen) {
              // Nothing was ever held here (checked above): the new screen's rows replace the old.
              await tx.$executeRaw`DELETE FROM showtime_seat_rows WHERE showtime_id = ${showtimeId}::uuid`;
              // The rows of the layout it is now on (the database moved it to the new screen's
              // current layout: migration 20261205000100_move_unsold_showtime).
              await tx.$executeRaw`
                INSERT INTO showtime_seat_rows (showtime_id, row_index)
                SELECT DISTINCT sh.id, s.row_index FROM showtimes sh JOIN seats s ON s.layout_id = sh.layout_id
                WHERE sh.id = ${showtimeId}::uuid`;
            }
          }
          const accessibility = changes.accessibility
            ? canonicalFeatures(changes.accessibility)
            : current.accessibility;
          if (changes.accessibility) {
            await tx.showtime.update({ where: { id: showtimeId }, data: { accessibility } });
          }
          if (prices) {
            await tx.showtimePrice.deleteMany({ where: { showtimeId } });
            await tx.showtimePrice.createMany({ data: prices.map((p) => ({ ...p, showtimeId })) });
          }
          await recordAudit(tx, {
            actor: viewer,
            action: moving
              ? 'showtime.moved'
              : prices
                ? 'showtime.repriced'
                : 'showtime.accessibility-changed',
            entityType: 'showtime',
            entityId: showtimeId,
            before: {
              screenId: current.screen_id,
              startsAt: current.starts_at,
              endsAt: current.ends_at,
              busyUntil: current.busy_until,
              prices: beforePrices,
              accessibility: current.accessibility,
            },
            after: { screenId: screen.id, ...times, prices: prices ?? beforePrices, accessibility },
          });
        },
        { label: 'update-showtime' },
      ),
    {
      screenIds: [targetScreenId],
      times: () => attempted,
      timeZone: () => timeZone,
      excludeShowtimeId: showtimeId,
    },
  );
  // After the commit: cached showtime contexts forget it, so the next hold pays the new price
  // (holds already made keep the price they locked).
  publishCatalogChange({ showtimeIds: [showtimeId], cinemaIds: [cinemaId] });
  return loadSession(db(), showtimeId, timeZone);
}
