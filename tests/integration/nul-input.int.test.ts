import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelBookingOp, listBookingsOp } from '@/server/api/operations/bookings';
import { saveMovieReviewOp, searchMoviesOp } from '@/server/api/operations/catalog';
import { bearerFor, call } from '../support/api';
import { createMovie, createUser } from '../support/factories';

// Issue 11, item 6: PostgreSQL text cannot hold U+0000 and refuses it (22021), which reached the
// client as 500 INTERNAL. Every string that comes in is refused at the zod boundary instead: 400
// VALIDATION_FAILED naming the field, the same for REST and server actions.

let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));
const { saveReviewAction } = await import('@/server/actions/reviews');
const { signUpAction } = await import('@/server/actions/auth');
const { cancelBookingAction } = await import('@/server/actions/bookings');

beforeEach(() => {
  requestHeaders = new Headers();
});

const NUL = '\u0000';

function refused(res: { status: number; body: unknown }, path: string) {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    error: {
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ path })]),
    },
  });
}

describe('a NUL character in any input is a 400, never a 500', () => {
  it('in a search query and a bookings cursor (query strings)', async () => {
    refused(await call(searchMoviesOp, { path: `/api/v1/search?q=${encodeURIComponent(`ab${NUL}c`)}` }), 'q');
    const user = await createUser();
    refused(
      await call(listBookingsOp, {
        path: `/api/v1/bookings?cursor=${encodeURIComponent(`MQ-${NUL}`)}`,
        token: await bearerFor(user),
      }),
      'cursor',
    );
  });

  it('in a review and a cancellation reason (JSON bodies)', async () => {
    const user = await createUser();
    const token = await bearerFor(user);
    const movie = await createMovie();
    refused(
      await call(saveMovieReviewOp, {
        method: 'POST',
        params: { slug: movie.slug },
        body: { rating: 4, title: `Good${NUL}`, body: 'Fine.' },
        token,
      }),
      'title',
    );
    refused(
      await call(cancelBookingOp, {
        method: 'POST',
        params: { reference: 'MQ-AAAA1' },
        body: { reason: `no${NUL}` },
        token,
      }),
      'reason',
    );
  });

  it('in server actions (a name, a review, a reason)', async () => {
    const validation = (path: string) => ({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        details: expect.arrayContaining([expect.objectContaining({ path })]),
      },
    });
    expect(
      await signUpAction({
        name: `Ann${NUL}`,
        email: 'ann-nul@test.local',
        password: 'long enough password',
      }),
    ).toMatchObject(validation('name'));
    const user = await createUser();
    requestHeaders = new Headers({ cookie: `next-auth.session-token=${await bearerFor(user)}` });
    const movie = await createMovie();
    expect(await saveReviewAction({ slug: movie.slug, rating: 5, body: `x${NUL}y` })).toMatchObject(
      validation('body'),
    );
    expect(await cancelBookingAction({ reference: 'MQ-AAAA1', reason: NUL })).toMatchObject(
      validation('reason'),
    );
  });
});
