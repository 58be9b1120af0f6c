import 'server-only';
import { idParamsSchema } from '@/lib/schemas/booking';
import {
  cinemaParamsSchema,
  clashCheckSchema,
  clashQuerySchema,
  generatedSessionsSchema,
  generateSessionsBodySchema,
  programmeTemplateBodySchema,
  programmeWeekSchema,
  savedTemplateSchema,
  sessionFieldsSchema,
  sessionSchema,
  updateShowtimeBodySchema,
  weekQuerySchema,
} from '@/lib/schemas/programme';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { checkClashes } from '@/server/programme/check-clashes';
import { createShowtime } from '@/server/programme/create-showtime';
import { generateSessions } from '@/server/programme/generate-sessions';
import { listProgrammeWeek } from '@/server/programme/list-programme-week';
import { saveProgrammeTemplate } from '@/server/programme/save-programme-template';
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
  description: `Adds a session of a film on one of the cinema's screens, in a language and format both have, starting in the future. It ends after the film's runtime plus the cinema's trailers and keeps the screen busy for the cleaning time after that; a scheduled session it would overlap refuses it with 409 \`SHOWTIME_OVERLAP\` and the clashes in \`details.clashes\` (the database refuses the overlap too, whoever writes first). Prices come from the cinema's price card for the screen's seat categories, the format and the part of the day, unless \`prices\` are given. \`accessibility\` marks an accessible showing (subtitled, open captions, audio described, relaxed); whether the screen takes wheelchairs is not set here but read from its layout. ${SCOPE}`,
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
      accessibility: ['AUDIO_DESCRIBED'],
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
  summary: 'Move, retime or reprice a session, or set its accessible-showing features',
  description: `Moves a session to another screen (\`screenId\`), another day (\`date\`) or time (\`time\`), gives it new \`prices\`, or sets its \`accessibility\` (the whole list; \`[]\` clears it; allowed at any time before the start, sold or not). Moving and retiming are only for sessions with no seat sold or held: otherwise 409 \`CONFLICT\` with \`details.reason\` \`has-sales\` (cancel the session, which refunds every booking, and add a new one); a session whose seats were ever held stays on its screen (\`has-history\`). A moved session without new \`prices\` takes the price card's. New prices may be set at any time before the start: they apply to holds made afterwards, never to holds already priced. For managers of the session's cinema and admins, after two-factor authentication; audited with before and after.`,
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

export const generateSessionsOp = operation({
  operationId: 'generateSessions',
  method: 'post',
  path: '/api/v1/cinemas/{cinemaId}/programme/generate',
  tag: 'Programme',
  summary: 'Preview or apply many sessions at once',
  description: `Bulk generation. A \`plan\` names films (taken in turn, each screen and day starting at a different one; a film a screen cannot project, or that has not opened, is passed over), screens, a range of days (at most 35) and how sessions start: at given \`times\`, or \`back-to-back\` from a first show, each next session as soon as the screen is free again (on a 5-minute mark, stepping around sessions already there), none after \`lastStart\`. Language is the one \`languages\` names for the film (by film id; one it is not released in is 400 at \`languages.<id>\`), else its first; format the screen's premium format if the film has it, else 2D, else 3D; prices come from the price card; every session gets the plan's \`accessibility\` features. \`mode: preview\` writes nothing and marks each planned session that cannot be written (\`clash\`, \`past\`, \`no-price\`). \`mode: apply\` writes every planned session in one transaction, or none: 409 \`SHOWTIME_OVERLAP\` (with \`details.clashes\`) or 400 \`VALIDATION_FAILED\` if any cannot be. ${SCOPE}`,
  auth: MANAGERS,
  strongAuth: true,
  params: cinemaParamsSchema,
  body: generateSessionsBodySchema,
  success: {
    status: 200,
    description: 'The plan, and with apply the sessions written.',
    schema: generatedSessionsSchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SHOWTIME_OVERLAP', 'BUSY'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    body: {
      mode: 'preview',
      plan: {
        movieIds: [EXAMPLE.movieId],
        screenIds: [EXAMPLE.screenId],
        from: '2026-12-24',
        until: '2026-12-27',
        starts: { kind: 'back-to-back', firstShow: '10:00', lastStart: '22:30' },
      },
    },
  },
  handler: ({ params, body, viewer }) => generateSessions({ viewer, cinemaId: params.cinemaId, ...body }),
});

export const saveProgrammeTemplateOp = operation({
  operationId: 'saveProgrammeTemplate',
  method: 'put',
  path: '/api/v1/screens/{id}/programme-template',
  tag: 'Programme',
  summary: "Set up or change a screen's rolling programme",
  description: `A recurring programme for one screen: every day a job (run by one instance at a time) keeps the screen programmed \`daysAhead\` days ahead of the cinema's today, back to back from \`firstShow\` (each next session as soon as the screen is free again, around sessions already there), none starting after \`lastStart\`, films from \`movieIds\` taken in turn (empty: every film in release the screen can project), prices from the price card (a session the card cannot price is left out). \`accessSlots\` make accessible showings: each session the template makes that starts on one of a slot's \`days\` between its \`from\` and \`until\` (both included, local time) gets the slot's \`features\` (SUBTITLED, CAPTIONED, AUDIO_DESCRIBED, RELAXED; a session in several slots gets them all); the list replaces the one before (\`[]\` removes them), left out it stays as it is, and it reaches sessions made from then on, not those already made. Saving an active template programmes the days ahead at once (\`extended\`); \`active: false\` stops it, leaving sessions already made. For managers of the screen's cinema and admins (a screen elsewhere is 403, whether or not it exists), after two-factor authentication; audited with before and after.`,
  auth: MANAGERS,
  strongAuth: true,
  params: idParamsSchema,
  body: programmeTemplateBodySchema,
  success: {
    status: 200,
    description: 'The template, and what saving it programmed.',
    schema: savedTemplateSchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: {
    params: { id: EXAMPLE.screenId },
    body: {
      movieIds: [],
      firstShow: '09:30',
      lastStart: '22:30',
      daysAhead: 14,
      active: true,
      accessSlots: [{ days: ['TUE'], from: '10:00', until: '12:00', features: ['RELAXED'] }],
    },
  },
  handler: ({ params, body, viewer }) => saveProgrammeTemplate({ viewer, screenId: params.id, body }),
});
