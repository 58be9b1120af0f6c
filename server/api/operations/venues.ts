import 'server-only';
import {
  cinemaIdParamsSchema,
  cinemaListQuerySchema,
  cinemaListSchema,
  cinemaSettingsPatchSchema,
  cinemaSettingsViewSchema,
  createCinemaSchema,
  createdCinemaSchema,
} from '@/lib/schemas/cinemas';
import {
  editedLayoutSchema,
  editScreenLayoutBodySchema,
  screenParamsSchema,
  screenSettingsPatchSchema,
  screenSettingsViewSchema,
  seatBlockApplyBodySchema,
  seatBlockBodySchema,
  seatBlockPreviewSchema,
  seatBlockResultSchema,
} from '@/lib/schemas/venues';
import { templateDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { blockSeats } from '@/server/venues/block-seats';
import { createCinema } from '@/server/venues/create-cinema';
import { editScreenLayout } from '@/server/venues/edit-screen-layout';
import { getCinemaSettings } from '@/server/venues/get-cinema-settings';
import { listManagedCinemas } from '@/server/venues/list-managed-cinemas';
import { previewSeatBlock } from '@/server/venues/preview-seat-block';
import { updateCinema } from '@/server/venues/update-cinema';
import { updateScreen } from '@/server/venues/update-screen';

// Cinemas, screens and seat layouts, as their managers and admins run them.

export const EXAMPLE_CINEMA_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const EXAMPLE_SETTINGS = {
  name: 'Marquee Lower Parel',
  addressLine: 'Phoenix Mills, 462 Senapati Bapat Marg',
  locality: 'Lower Parel',
  postalCode: '400013',
  latitude: 18.9942,
  longitude: 72.8252,
  timeZone: 'Asia/Kolkata',
  phone: '+91 22 4000 1234',
  amenities: ['Parking', 'Food court'],
  gstin: '27AAPFU0939F1ZV',
  legalName: 'Marquee Cinemas Private Limited',
  invoicePrefix: 'BOM1',
  bookingFeeMinor: 3000,
  taxRateBps: 1800,
  cancellationCutoffMins: 120,
  orphanSeatRule: true,
  wheelchairReleaseMinutes: 30,
};

export const listManagedCinemasOp = operation({
  operationId: 'listManagedCinemas',
  method: 'get',
  path: '/api/v1/managed/cinemas',
  tag: 'Venues',
  summary: 'List the cinemas the caller runs',
  description:
    'The cinemas the caller manages (every cinema for admins), by name, a page at a time: `q` matches part of the name, slug, locality or city, `city` keeps one city. With each: its screens and staff counted. `cities` lists the cities to filter by. For managers and admins.',
  auth: { roles: ['MANAGER'] },
  query: cinemaListQuerySchema,
  success: { status: 200, description: 'A page of cinemas.', schema: cinemaListSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
  example: { query: { q: 'parel', page: 1, perPage: 20 } },
  handler: ({ query, viewer }) => listManagedCinemas({ viewer, query }),
});

export const createCinemaOp = operation({
  operationId: 'createCinema',
  method: 'post',
  path: '/api/v1/cinemas',
  tag: 'Venues',
  summary: 'Open a cinema',
  description:
    'Adds a cinema in a city Marquee lists (`city.kind: "existing"`) or a new one (`"new"`, placed at the cinema, in its time zone). Coordinates must lie in India; `timeZone` is an IANA name; a GSTIN is checked down to its check character. A slug or invoice prefix already in use is 409 `CONFLICT` with the field in `details`. Audited. For admins, after two-factor authentication.',
  auth: { roles: ['ADMIN'] },
  strongAuth: true,
  body: createCinemaSchema,
  success: { status: 201, description: 'The cinema.', schema: createdCinemaSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
  example: {
    body: {
      ...EXAMPLE_SETTINGS,
      slug: 'marquee-lower-parel',
      city: { kind: 'new', name: 'Mumbai', state: 'Maharashtra', slug: 'mumbai' },
    },
  },
  handler: ({ body, viewer }) => createCinema({ viewer, input: body }),
});

export const getCinemaSettingsOp = operation({
  operationId: 'getCinemaSettings',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/settings',
  tag: 'Venues',
  summary: "Get a cinema's settings",
  description:
    "The cinema's address and coordinates, time zone, GST registration and invoice prefix, booking fee, tax rate, cancellation cut-off and seat rules. For managers of the cinema (another cinema is 403 whether or not it exists) and admins.",
  auth: { roles: ['MANAGER'] },
  params: cinemaIdParamsSchema,
  success: { status: 200, description: 'The settings.', schema: cinemaSettingsViewSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE_CINEMA_ID } },
  handler: ({ params, viewer }) => getCinemaSettings({ viewer, cinemaId: params.cinemaId }),
});

export const updateCinemaOp = operation({
  operationId: 'updateCinema',
  method: 'patch',
  path: '/api/v1/cinemas/{cinemaId}',
  tag: 'Venues',
  summary: "Change a cinema's settings",
  description:
    'Changes the settings sent, and only those (the same rules as creating one). Holds made after the change use it: a hold locks its price in when it is made, so baskets already filled keep theirs. Audited with each changed field before and after. For managers of the cinema and admins, after two-factor authentication.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: cinemaIdParamsSchema,
  body: cinemaSettingsPatchSchema,
  success: { status: 200, description: 'The settings now.', schema: cinemaSettingsViewSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: {
    params: { cinemaId: EXAMPLE_CINEMA_ID },
    body: { bookingFeeMinor: 2500, orphanSeatRule: false },
  },
  handler: ({ params, body, viewer }) => updateCinema({ viewer, cinemaId: params.cinemaId, changes: body }),
});

export const editScreenLayoutOp = operation({
  operationId: 'editScreenLayout',
  method: 'put',
  path: '/api/v1/cinemas/{cinemaId}/screens/{screenId}/layout',
  tag: 'Venues',
  summary: "Save a new version of a screen's seat layout",
  description:
    "The drawn layout (the editor's compact draft, as `createScreen` takes it) becomes the screen's next layout version and its current one: showtimes created from now on are sold on it; showtimes created before keep the version they were created on, with every seat held or sold on it, so nothing sold moves or vanishes. `basedOnVersion` is the version the drawing started from; if another was saved since, 409. A layout that cannot be sold (duplicate labels, a wheelchair space without a companion seat…) is 400 with each problem's cells. For managers of the cinema and admins, after two-factor authentication. Audited.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: screenParamsSchema,
  body: editScreenLayoutBodySchema,
  success: { status: 200, description: 'The new version.', schema: editedLayoutSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: {
    params: { cinemaId: EXAMPLE_CINEMA_ID, screenId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a' },
    body: { basedOnVersion: 1, draft: encodeDraft(templateDraft('boutique')) },
  },
  handler: ({ params, body, viewer }) => editScreenLayout({ viewer, input: { ...params, ...body } }),
});

const EXAMPLE_SCREEN_PARAMS = {
  cinemaId: EXAMPLE_CINEMA_ID,
  screenId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
};

export const previewSeatBlockOp = operation({
  operationId: 'previewSeatBlock',
  method: 'post',
  path: '/api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block/preview',
  tag: 'Venues',
  summary: 'See what taking seats out of service would touch',
  description:
    'For seats named as people name them (`"A1, A2"`, a numbered row as `"3-12"`): the coming shows that have them and every live ticket on them, with its booking and customer, so they can be moved or refunded first. Changes nothing. Names not in the current layout come back in `unknown`. For managers of the cinema and admins.',
  auth: { roles: ['MANAGER'] },
  params: screenParamsSchema,
  body: seatBlockBodySchema,
  success: { status: 200, description: 'What applying would touch.', schema: seatBlockPreviewSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: EXAMPLE_SCREEN_PARAMS, body: { seats: 'F7, F8', blocked: true } },
  handler: ({ params, body, viewer }) => previewSeatBlock({ viewer, input: { ...params, ...body } }),
});

export const blockSeatsOp = operation({
  operationId: 'blockSeats',
  method: 'post',
  path: '/api/v1/cinemas/{cinemaId}/screens/{screenId}/seat-block',
  tag: 'Venues',
  summary: 'Take seats out of service on coming shows (or put them back)',
  description:
    'After `previewSeatBlock`: `acknowledgedTicketIds` are the tickets it listed. If the live tickets on the seats are no longer exactly those, nothing changes (409, with the new preview in `details.preview`). Changes the seats in the current layout and in every layout version a coming show is sold on; tickets already sold stay valid, new holds on the seats are refused. For managers of the cinema and admins, after two-factor authentication. Audited.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: screenParamsSchema,
  body: seatBlockApplyBodySchema,
  success: { status: 200, description: 'Applied.', schema: seatBlockResultSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: {
    params: EXAMPLE_SCREEN_PARAMS,
    body: { seats: 'F7, F8', blocked: true, acknowledgedTicketIds: [] },
  },
  handler: ({ params, body, viewer }) => blockSeats({ viewer, input: { ...params, ...body } }),
});

export const updateScreenOp = operation({
  operationId: 'updateScreen',
  method: 'patch',
  path: '/api/v1/cinemas/{cinemaId}/screens/{screenId}',
  tag: 'Venues',
  summary: "Change a screen's name, formats or cleaning minutes",
  description:
    "Any of `name` (unique in the cinema: 409 otherwise), `formats` (at least one; a format a coming show on the screen is in cannot be taken away: 400 at `formats`) and `cleaningMinutes` (0–120, reserved after each show put on the screen from now on; `null` for the cinema's cleaning time). For managers of the cinema and admins, after two-factor authentication. Audited with the fields before and after.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: screenParamsSchema,
  body: screenSettingsPatchSchema,
  success: { status: 200, description: 'The screen now.', schema: screenSettingsViewSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { params: EXAMPLE_SCREEN_PARAMS, body: { formats: ['TWO_D', 'THREE_D'], cleaningMinutes: 25 } },
  handler: ({ params, body, viewer }) =>
    updateScreen({ viewer, cinemaId: params.cinemaId, screenId: params.screenId, changes: body }),
});
