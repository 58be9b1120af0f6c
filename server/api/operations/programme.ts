import 'server-only';
import { idParamsSchema } from '@/lib/schemas/booking';
import {
  cinemaParamsSchema,
  clashCheckSchema,
  clashQuerySchema,
  programmeWeekSchema,
  sessionFieldsSchema,
  sessionSchema,
  updateShowtimeBodySchema,
  weekQuerySchema,
} from '@/lib/schemas/programme';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { checkClashes } from '@/server/programme/check-clashes';
import { createShowtime } from '@/server/programme/create-showtime';
import { listProgrammeWeek } from '@/server/programme/list-programme-week';
import { updateShowtime } from '@/server/programme/update-showtime';

const MANAGERS = { roles: ['MANAGER'] } as const;
const SCOPE =
  "For managers of the cinema and admins (a cinema one does not manage is 403, whether or not it exists); changes need two-factor authentication and are recorded in the audit log. Dates and times are the cinema's local time (`YYYY-MM-DD`, `HH:MM`).";

export const getProgrammeWeekOp = operation({
  operationId: 'getProgrammeWeek',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/programme',
  tag: 'Programme',
  summary: "Get a week of a cinema's programme",
  description: `The cinema's screens and every session of one ISO week (\`week=2026-W50\`, Monday to Sunday in the cinema's time zone; this week by default), cancelled ones included, each with its prices, seats sold and held, confirmed bookings and what they paid (what cancelling would refund); and the films that can be programmed. ${SCOPE}`,
  auth: MANAGERS,
  params: cinemaParamsSchema,
  query: weekQuerySchema,
  success: { status: 200, description: 'The week.', schema: programmeWeekSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE.cinemaId }, query: { week: '2026-W50' } },
  handler: ({ params, query, viewer }) =>
    listProgrammeWeek({ viewer, cinemaId: params.cinemaId, week: query.week }),
});

export const checkClashesOp = operation({
  operationId: 'checkShowtimeClashes',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/programme/clashes',
  tag: 'Programme',
  summary: 'Check a session before adding or moving it',
  description: `When a session of this film on this screen at this local date and time would end (runtime plus the cinema's trailers) and free the screen (plus the screen's cleaning time), every scheduled session it would overlap, and what the price card charges for it. Pass \`excludeShowtimeId\` when moving a session. Nothing is written. ${SCOPE}`,
  auth: MANAGERS,
  params: cinemaParamsSchema,
  query: clashQuerySchema,
  success: { status: 200, description: 'Timings, clashes and card prices.', schema: clashCheckSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    query: { screenId: EXAMPLE.screenId, movieId: EXAMPLE.movieId, date: '2026-12-24', time: '18:30' },
  },
  handler: ({ params, query, viewer }) => checkClashes({ viewer, cinemaId: params.cinemaId, query }),
});

export const createShowtimeOp = operation({
  operationId: 'createShowtime',
  method: 'post',
  path: '/api/v1/cinemas/{cinemaId}/showtimes',
  tag: 'Programme',
  summary: 'Add a session',
  description: `Adds a session of a film on one of the cinema's screens, in a language and format both have, starting in the future. It ends after the film's runtime plus the cinema's trailers and keeps the screen busy for the cleaning time after that; a scheduled session it would overlap refuses it with 409 \`SHOWTIME_OVERLAP\` and the clashes in \`details.clashes\` (the database refuses the overlap too, whoever writes first). Prices come from the cinema's price card for the screen's seat categories, the format and the part of the day, unless \`prices\` are given. ${SCOPE}`,
  auth: MANAGERS,
  strongAuth: true,
  params: cinemaParamsSchema,
  body: sessionFieldsSchema,
  success: { status: 201, description: 'The new session.', schema: sessionSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SHOWTIME_OVERLAP', 'BUSY'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    body: {
      screenId: EXAMPLE.screenId,
      movieId: EXAMPLE.movieId,
      date: '2026-12-24',
      time: '18:30',
      language: 'Hindi',
      format: 'TWO_D',
    },
  },
  handler: ({ params, body, viewer }) =>
    createShowtime({ viewer, input: { ...body, cinemaId: params.cinemaId } }),
});

export const updateShowtimeOp = operation({
  operationId: 'updateShowtime',
  method: 'patch',
  path: '/api/v1/showtimes/{id}',
  tag: 'Programme',
  summary: 'Move, retime or reprice a session',
  description: `Moves a session to another screen (\`screenId\`), another day (\`date\`) or time (\`time\`), or gives it new \`prices\`. Moving and retiming are only for sessions with no seat sold or held: otherwise 409 \`CONFLICT\` with \`details.reason\` \`has-sales\` (cancel the session, which refunds every booking, and add a new one); a session whose seats were ever held stays on its screen (\`has-history\`). A moved session without new \`prices\` takes the price card's. New prices may be set at any time before the start: they apply to holds made afterwards, never to holds already priced. For managers of the session's cinema and admins, after two-factor authentication; audited with before and after.`,
  auth: MANAGERS,
  strongAuth: true,
  params: idParamsSchema,
  body: updateShowtimeBodySchema,
  success: { status: 200, description: 'The session as it is now.', schema: sessionSchema },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'SHOWTIME_OVERLAP',
    'BUSY',
  ],
  example: { params: { id: EXAMPLE.showtimeId }, body: { time: '19:00' } },
  handler: ({ params, body, viewer }) => updateShowtime({ viewer, showtimeId: params.id, changes: body }),
});
