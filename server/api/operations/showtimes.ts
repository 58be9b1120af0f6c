import 'server-only';
import { AppError } from '@/lib/errors';
import { cancelShowtimePreviewSchema } from '@/lib/schemas/admin';
import {
  cancelShowtimeRequestSchema,
  holdBestSeatsRequestSchema,
  holdRequestSchema,
  holdResponseSchema,
  idParamsSchema,
  MAX_SEATS_PER_HOLD,
} from '@/lib/schemas/booking';
import { bestSeatsQuerySchema, bestSeatsSchema, seatMapSchema } from '@/lib/schemas/seat-map';
import { joinWaitlistRequestSchema, waitlistEntrySchema } from '@/lib/schemas/waitlist';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { cancelShowtimeResponseSchema, EXAMPLE } from '@/server/api/responses';
import { suggestBestSeats } from '@/server/booking/best-seats';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { holdBestSeats } from '@/server/booking/hold-best-seats';
import { holdSeats } from '@/server/booking/hold-seats';
import { previewCancelShowtime } from '@/server/booking/preview-cancel-showtime';
import { getWaitlistEntry } from '@/server/waitlist/get-waitlist-entry';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { leaveWaitlist } from '@/server/waitlist/leave-waitlist';

export const getSeatMapOp = operation({
  operationId: 'getSeatMap',
  method: 'get',
  path: '/api/v1/showtimes/{id}/seats',
  tag: 'Showtimes',
  summary: 'Get the seat map of a showtime',
  description:
    "Every seat with its state (`available`, `held`, `sold`, `blocked`), the prices per category and the screen layout. Signed in, the caller's own held seats have `mine: true` and `myHold` is set. Subscribe to the showtime's Socket.IO room for changes after `versions`.",
  auth: 'optional',
  params: idParamsSchema,
  success: { status: 200, description: 'The seat map.', schema: seatMapSchema, etag: true },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: async ({ params, viewer, headers }) => {
    // Built once per change of the showtime's seats and shared by every reader (get-seat-map.ts),
    // gzipped once too for the clients that accept it (every browser does).
    const view = await getSeatMap(params.id, viewer?.id);
    const gzip = /\bgzip\b/.test(headers.get('accept-encoding') ?? '') ? view.gzipped() : null;
    return reply({
      body: gzip ?? view.json,
      contentType: 'application/json',
      // Revalidate every time (seats change by the second); Vary because a hold marks `mine`.
      headers: {
        etag: view.etag,
        'cache-control': 'private, no-cache',
        vary: 'Authorization, Cookie, Accept-Encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
    });
  },
});

export const suggestBestSeatsOp = operation({
  operationId: 'suggestBestSeats',
  method: 'get',
  path: '/api/v1/showtimes/{id}/best-seats',
  tag: 'Showtimes',
  summary: 'Suggest the best seats together',
  description:
    'The best `count` free seats side by side right now: in the middle of a row about two-thirds of the way back, never across an aisle, never leaving a single seat stranded, ordinary seats only (wheelchair spaces and companion seats are chosen on the map). Optionally only one `category`. It holds nothing: hold the suggested `seatIds` next, and ask again if that answers 409. When no such seats are left, 409 `SEATS_UNAVAILABLE`.',
  auth: 'optional',
  params: idParamsSchema,
  query: bestSeatsQuerySchema,
  success: { status: 200, description: 'The suggested seats, in seat order.', schema: bestSeatsSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'SHOWTIME_NOT_BOOKABLE', 'SEATS_UNAVAILABLE', 'RATE_LIMITED'],
  example: { params: { id: EXAMPLE.showtimeId }, query: { count: 2 } },
  handler: ({ params, query }) =>
    suggestBestSeats({ showtimeId: params.id, count: query.count, category: query.category }),
});

export const holdSeatsOp = operation({
  operationId: 'holdSeats',
  method: 'post',
  path: '/api/v1/showtimes/{id}/holds',
  tag: 'Holds',
  summary: 'Hold seats',
  description: `Holds 1–${MAX_SEATS_PER_HOLD} seats for the caller, all or nothing, for a few minutes (8 by default) while they pay. It replaces the caller's previous hold on the same showtime. The price is computed and locked into the hold. Seating rules apply: where the cinema enforces it, a selection may not leave a single seat on its own; wheelchair spaces are kept for wheelchair users (\`accessible: true\`) until shortly before the show; companion seats go with a wheelchair space. A violation is 422 \`SEAT_RULE_VIOLATION\` with \`details.rule\` (\`orphan-seat\`, \`wheelchair-reserved\`, \`companion-needs-wheelchair\`).`,
  auth: {},
  params: idParamsSchema,
  body: holdRequestSchema,
  success: { status: 201, description: 'The seats are held.', schema: holdResponseSchema },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'SHOWTIME_NOT_BOOKABLE',
    'UNKNOWN_SEAT',
    'SEATS_UNAVAILABLE',
    'SEAT_RULE_VIOLATION',
    'BUSY',
  ],
  example: { params: { id: EXAMPLE.showtimeId }, body: { seatIds: [EXAMPLE.seatA, EXAMPLE.seatB] } },
  handler: ({ params, body, viewer }) =>
    holdSeats({
      userId: viewer.id,
      showtimeId: params.id,
      seatIds: body.seatIds,
      accessible: body.accessible,
    }),
});

export const holdBestSeatsOp = operation({
  operationId: 'holdBestSeats',
  method: 'post',
  path: '/api/v1/showtimes/{id}/holds/best',
  tag: 'Holds',
  summary: 'Hold the best seats together',
  description: `The server picks the best \`count\` (1–${MAX_SEATS_PER_HOLD}) free seats side by side and holds them for the caller in one step, exactly like \`POST /api/v1/showtimes/{id}/holds\` with those seats (same hold time, price, replacement of the caller's previous hold on the showtime, whose seats count as free for the pick). Best means together in one row, never across an aisle, in the middle of a row about two-thirds of the way back, and never leaving a single seat stranded. Optionally only one \`category\`. With \`wheelchair: true\` the block is one wheelchair space with its companion seat beside it (for two or more) and the rest of the party next to them; otherwise only ordinary seats are picked. The pick is made from the seats as they are when the hold is written: under a rush, concurrent requests never get the same seat and each gets the best block still free. When no such block is left, 409 \`SEATS_UNAVAILABLE\` (the previous hold is kept).`,
  auth: {},
  params: idParamsSchema,
  body: holdBestSeatsRequestSchema,
  success: {
    status: 201,
    description: 'The picked seats are held, in seat order.',
    schema: holdResponseSchema,
  },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'SHOWTIME_NOT_BOOKABLE',
    'SEATS_UNAVAILABLE',
    'SEAT_RULE_VIOLATION',
    'BUSY',
  ],
  example: { params: { id: EXAMPLE.showtimeId }, body: { count: 3 } },
  handler: ({ params, body, viewer }) => holdBestSeats({ userId: viewer.id, showtimeId: params.id, ...body }),
});

export const joinWaitlistOp = operation({
  operationId: 'joinWaitlist',
  method: 'post',
  path: '/api/v1/showtimes/{id}/waitlist',
  tag: 'Showtimes',
  summary: 'Join the waitlist of a sold-out showtime',
  description:
    'For a showtime that is on sale but has no `seats` free side by side (ordinary seats, same row, no aisle between): when that many come free, the people waiting are offered them in the order they joined, each offer an ordinary hold for the normal hold time (pay at `offer.checkoutPath`, or with `POST /api/v1/holds/{id}/checkout`). A later, smaller request may be served before an earlier one only with seats the earlier one cannot use. If that many seats are free right now, 409 `CONFLICT` with `details.reason` `seats-available` (book them instead). One live entry per user and showtime: joining again is 409 `CONFLICT` with `details.reason` `already-on-waitlist`; to change the number of seats, leave and join again (at the back of the line).',
  auth: {},
  params: idParamsSchema,
  body: joinWaitlistRequestSchema,
  success: {
    status: 201,
    description: 'On the waitlist; `position` 1 is next.',
    schema: waitlistEntrySchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'NOT_FOUND', 'SHOWTIME_NOT_BOOKABLE', 'CONFLICT'],
  example: { params: { id: EXAMPLE.showtimeId }, body: { seats: 2 } },
  handler: ({ params, body, viewer }) =>
    joinWaitlist({ userId: viewer.id, showtimeId: params.id, seats: body.seats }),
});

export const getWaitlistEntryOp = operation({
  operationId: 'getWaitlistEntry',
  method: 'get',
  path: '/api/v1/showtimes/{id}/waitlist',
  tag: 'Showtimes',
  summary: "Get the caller's waitlist entry",
  description:
    "The caller's latest entry for the showtime: `WAITING` with its `position`, `OFFERED` with the held seats in `offer`, or how it ended (`FULFILLED`: the offer was booked; `EXPIRED`: it lapsed, or the show went off sale). 404 when the caller never joined or left. Poll it to follow an entry; each read settles the caller's offer first.",
  auth: {},
  params: idParamsSchema,
  success: { status: 200, description: 'The entry.', schema: waitlistEntrySchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: async ({ params, viewer }) => {
    const entry = await getWaitlistEntry({ userId: viewer.id, showtimeId: params.id });
    if (!entry) throw new AppError('NOT_FOUND', 'You are not on the waitlist for this showtime.');
    return entry;
  },
});

export const leaveWaitlistOp = operation({
  operationId: 'leaveWaitlist',
  method: 'delete',
  path: '/api/v1/showtimes/{id}/waitlist',
  tag: 'Showtimes',
  summary: 'Leave the waitlist',
  description:
    'Leaves the waitlist; seats on offer are released at once and go to the next person waiting. Leaving when not on the waitlist is a no-op (still 204).',
  auth: {},
  params: idParamsSchema,
  success: { status: 204, description: 'Left (or was not on the waitlist).' },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'BUSY'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: async ({ params, viewer }) => {
    await leaveWaitlist({ userId: viewer.id, showtimeId: params.id });
  },
});

export const cancelShowtimeOp = operation({
  operationId: 'cancelShowtime',
  method: 'post',
  path: '/api/v1/showtimes/{id}/cancel',
  tag: 'Showtimes',
  summary: 'Cancel a showtime',
  description:
    "Takes the showtime off sale and frees its screen slot; releases every hold and cancels every booking with a full refund, in one transaction; then sends the refunds (failed ones are retried in the background). For managers of the showtime's cinema, and admins.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: idParamsSchema,
  body: cancelShowtimeRequestSchema,
  success: { status: 200, description: 'What was cancelled.', schema: cancelShowtimeResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { params: { id: EXAMPLE.showtimeId }, body: { reason: 'Projector failure' } },
  handler: ({ params, body, viewer }) =>
    cancelShowtime({ showtimeId: params.id, viewer, reason: body.reason }),
});

export const previewCancelShowtimeOp = operation({
  operationId: 'previewCancelShowtime',
  method: 'get',
  path: '/api/v1/showtimes/{id}/cancel-preview',
  tag: 'Showtimes',
  summary: 'Preview cancelling a showtime',
  description:
    "What `POST /api/v1/showtimes/{id}/cancel` would do right now: how many confirmed bookings (and tickets) it would cancel, the money it would refund in paise (each booking's total), and how many holds in progress it would release. Changes nothing; bookings made afterwards are cancelled too. For managers of the showtime's cinema, and admins; 409 `CONFLICT` when the showtime is already cancelled.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: idParamsSchema,
  success: { status: 200, description: 'What cancelling would do.', schema: cancelShowtimePreviewSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: ({ params, viewer }) => previewCancelShowtime({ showtimeId: params.id, viewer }),
});
