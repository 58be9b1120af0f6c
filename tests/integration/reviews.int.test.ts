import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listMovieReviewsOp, saveMovieReviewOp } from '@/server/api/operations/catalog';
import { db } from '@/server/db';
import { listReviews } from '@/server/reviews/list-reviews';
import { bearerFor, call } from '../support/api';
import { createMovie, createScreen, createShowtime, createUser } from '../support/factories';

// Reviews: one per user per film (the unique index makes the second post an edit), ratings
// 1–5, sign-in to write, anyone may read, and the verified-viewer badge only for authors with a
// live ticket of a confirmed booking for a show of the film that has already started.

let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));
const { saveReviewAction, deleteReviewAction } = await import('@/server/actions/reviews');

beforeEach(() => {
  requestHeaders = new Headers();
});

const HOUR = 3_600_000;
type ErrorBody = { error: { code: string } };
type Saved = {
  review: { id: string; rating: number; title: string | null; verified: boolean };
  created: boolean;
};

const post = (slug: string, body: unknown, token?: string) =>
  call(saveMovieReviewOp, {
    method: 'POST',
    path: `/api/v1/movies/${slug}/reviews`,
    params: { slug },
    body,
    token,
  });
const get = (slug: string, query = '') =>
  call(listMovieReviewsOp, { path: `/api/v1/movies/${slug}/reviews${query}`, params: { slug } });

/** A confirmed booking with one ticket for the user, written directly (the checkout is tested elsewhere). */
async function ticketFor(options: {
  userId: string;
  showtimeId: string;
  seatId: string;
  bookingStatus?: 'CONFIRMED' | 'CANCELLED';
  ticketStatus?: 'VALID' | 'CHECKED_IN' | 'CANCELLED';
}) {
  const cancelled = options.bookingStatus === 'CANCELLED' || options.ticketStatus === 'CANCELLED';
  await db().$transaction(async (tx) => {
    const hold = await tx.seatHold.create({
      data: {
        userId: options.userId,
        showtimeId: options.showtimeId,
        status: 'CONVERTED',
        endedAt: new Date(),
        expiresAt: new Date(Date.now() + 8 * 60_000),
        price: {},
        totalMinor: 25_000,
      },
    });
    const claim = await tx.seatClaim.create({
      data: {
        holdId: hold.id,
        showtimeId: options.showtimeId,
        seatId: options.seatId,
        state: cancelled ? 'CANCELLED' : 'SOLD',
        expiresAt: hold.expiresAt,
        category: 'STANDARD',
        priceMinor: 25_000,
      },
    });
    const booking = await tx.booking.create({
      data: {
        reference: `MQ-${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
        userId: options.userId,
        showtimeId: options.showtimeId,
        holdId: hold.id,
        status: options.bookingStatus ?? 'CONFIRMED',
        cancelledAt: options.bookingStatus === 'CANCELLED' ? new Date() : null,
        subtotalMinor: 25_000,
        totalMinor: 25_000,
        price: {},
      },
    });
    const status = options.ticketStatus ?? (cancelled ? 'CANCELLED' : 'VALID');
    await tx.ticket.create({
      data: {
        bookingId: booking.id,
        claimId: claim.id,
        showtimeId: options.showtimeId,
        seatId: options.seatId,
        status,
        checkedInAt: status === 'CHECKED_IN' ? new Date() : null,
        priceMinor: 25_000,
      },
    });
  });
}

describe('POST /api/v1/movies/{slug}/reviews', () => {
  it('refuses anonymous callers (401) and ratings outside 1–5 (400)', async () => {
    const movie = await createMovie();
    const anon = await post(movie.slug, { rating: 4 });
    expect(anon.status).toBe(401);
    expect((anon.body as ErrorBody).error.code).toBe('UNAUTHENTICATED');

    const token = await bearerFor(await createUser());
    for (const rating of [0, 6, 2.5, '5', null]) {
      const bad = await post(movie.slug, { rating }, token);
      expect(bad.status, String(rating)).toBe(400);
      expect((bad.body as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    }
    const long = await post(movie.slug, { rating: 3, body: 'x'.repeat(2001) }, token);
    expect(long.status).toBe(400);
    expect(await db().review.count({ where: { movieId: movie.id } })).toBe(0);
  });

  it('keeps one review per user per film: posting again edits it', async () => {
    const movie = await createMovie();
    const user = await createUser({ name: 'Anjali Rao Menon' });
    const token = await bearerFor(user);
    const first = await post(movie.slug, { rating: 2, title: ' Too long ', body: '' }, token);
    expect(first.status).toBe(200);
    const a = first.body as Saved;
    expect(a).toMatchObject({ created: true, review: { rating: 2, title: 'Too long', verified: false } });
    expect((first.body as { review: { body: unknown; author: string } }).review).toMatchObject({
      body: null,
      author: 'Anjali',
    });

    const second = await post(movie.slug, { rating: 5, title: 'Grew on me' }, token);
    expect(second.status).toBe(200);
    const b = second.body as Saved;
    expect(b).toMatchObject({ created: false, review: { id: a.review.id, rating: 5, title: 'Grew on me' } });
    expect(await db().review.count({ where: { movieId: movie.id } })).toBe(1);

    // Two posts at once still leave exactly one review (the unique index decides).
    await Promise.all([post(movie.slug, { rating: 3 }, token), post(movie.slug, { rating: 4 }, token)]);
    expect(await db().review.count({ where: { movieId: movie.id } })).toBe(1);
  });

  it('answers 404 for an unknown film and 400 for a malformed slug', async () => {
    const token = await bearerFor(await createUser());
    expect((await post('no-such-film-here', { rating: 3 }, token)).status).toBe(404);
    expect((await post('Not A Slug', { rating: 3 }, token)).status).toBe(400);
  });
});

describe('GET /api/v1/movies/{slug}/reviews', () => {
  it('is public, newest first, paginated, with the rating summary', async () => {
    const movie = await createMovie();
    const ratings = [5, 3, 4];
    for (const [i, rating] of ratings.entries()) {
      const user = await createUser();
      await db().review.create({
        data: {
          movieId: movie.id,
          userId: user.id,
          rating,
          title: `Review ${i}`,
          createdAt: new Date(Date.now() - (10 - i) * 60_000),
        },
      });
    }
    const first = await get(movie.slug, '?limit=2');
    expect(first.status).toBe(200);
    const page1 = first.body as {
      rating: { average: number; count: number; histogram: number[] };
      reviews: { title: string }[];
      nextCursor: string | null;
    };
    expect(page1.rating).toEqual({ average: 4, count: 3, histogram: [0, 0, 1, 1, 1] });
    expect(page1.reviews.map((r) => r.title)).toEqual(['Review 2', 'Review 1']);
    expect(page1.nextCursor).toBeTruthy();
    const second = await get(movie.slug, `?limit=2&cursor=${page1.nextCursor}`);
    const page2 = second.body as { reviews: { title: string }[]; nextCursor: string | null };
    expect(page2.reviews.map((r) => r.title)).toEqual(['Review 0']);
    expect(page2.nextCursor).toBeNull();

    const empty = await get((await createMovie()).slug);
    expect(empty.body).toEqual({ rating: null, reviews: [], nextCursor: null });
    expect((await get('no-such-film-here')).status).toBe(404);
    expect((await get(movie.slug, '?cursor=nope')).status).toBe(400);
  });
});

describe('the verified-viewer badge', () => {
  it('needs a live ticket of a confirmed booking for a show of the film that has started', async () => {
    const movie = await createMovie();
    const other = await createMovie();
    const { screen, seats } = await createScreen({ rows: 2, cols: 6 });
    const started = await createShowtime({
      screenId: screen.id,
      movieId: movie.id,
      startsAt: new Date(Date.now() - 30 * 60_000),
    });
    const later = await createShowtime({
      screenId: screen.id,
      movieId: movie.id,
      startsAt: new Date(Date.now() + 24 * HOUR),
    });
    const otherFilm = await createShowtime({
      screenId: screen.id,
      movieId: other.id,
      startsAt: new Date(Date.now() - 10 * 24 * HOUR),
    });
    const seat = (i: number) => seats[i]!.id;

    const watched = await createUser();
    const checkedIn = await createUser();
    const tomorrow = await createUser();
    const cancelled = await createUser();
    const wrongFilm = await createUser();
    const noTicket = await createUser();
    await ticketFor({ userId: watched.id, showtimeId: started.id, seatId: seat(0) });
    await ticketFor({
      userId: checkedIn.id,
      showtimeId: started.id,
      seatId: seat(1),
      ticketStatus: 'CHECKED_IN',
    });
    await ticketFor({ userId: tomorrow.id, showtimeId: later.id, seatId: seat(2) });
    await ticketFor({
      userId: cancelled.id,
      showtimeId: started.id,
      seatId: seat(3),
      bookingStatus: 'CANCELLED',
    });
    await ticketFor({ userId: wrongFilm.id, showtimeId: otherFilm.id, seatId: seat(4) });

    const expected = new Map([
      [watched.id, true],
      [checkedIn.id, true],
      [tomorrow.id, false],
      [cancelled.id, false],
      [wrongFilm.id, false],
      [noTicket.id, false],
    ]);
    for (const [userId, verified] of expected) {
      const res = await post(movie.slug, { rating: 4 }, await bearerFor({ id: userId }));
      expect((res.body as Saved).review.verified, userId).toBe(verified);
    }
    const page = await listReviews({ slug: movie.slug, limit: 20 });
    expect(page.reviews.filter((r) => r.verified)).toHaveLength(2);

    // The badge is read live: once tomorrow's show has started, its ticket holder is verified.
    const inTwoDays = new Date(Date.now() + 48 * HOUR);
    const afterwards = await listReviews({ slug: movie.slug, limit: 20, now: inTwoDays });
    expect(afterwards.reviews.filter((r) => r.verified)).toHaveLength(3);
  });
});

describe('review server actions', () => {
  it('save and delete the signed-in user’s own review, and refuse anonymous callers', async () => {
    const movie = await createMovie();
    expect(await saveReviewAction({ slug: movie.slug, rating: 4 })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const user = await createUser();
    requestHeaders = new Headers({ cookie: `next-auth.session-token=${await bearerFor(user)}` });
    expect(await saveReviewAction({ slug: movie.slug, rating: 9 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const saved = await saveReviewAction({ slug: movie.slug, rating: 4, body: 'Lovely' });
    expect(saved).toMatchObject({ ok: true, data: { created: true, review: { rating: 4, body: 'Lovely' } } });
    const mine = await listReviews({ slug: movie.slug, viewerId: user.id });
    expect(mine.mine?.body).toBe('Lovely');

    // Someone else's review is not the user's to delete.
    const stranger = await createUser();
    await db().review.create({ data: { movieId: movie.id, userId: stranger.id, rating: 1 } });
    expect(await deleteReviewAction({ slug: movie.slug })).toEqual({ ok: true, data: { deleted: true } });
    expect(await deleteReviewAction({ slug: movie.slug })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await db().review.count({ where: { movieId: movie.id } })).toBe(1);
  });
});
