import 'server-only';
import { AppError } from '@/lib/errors';
import { POSTER_MAX_BYTES, POSTER_TYPES } from '@/lib/poster';
import {
  createFilmInputSchema,
  filmIdSchema,
  filmListQuerySchema,
  filmListResponseSchema,
  filmSchema,
  posterFileParamsSchema,
  posterUploadSchema,
  updateFilmBodySchema,
} from '@/lib/schemas/films';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { createFilm } from '@/server/films/create-film';
import { getFilm } from '@/server/films/get-film';
import { listFilms } from '@/server/films/list-films';
import { setFilmArchived } from '@/server/films/set-film-archived';
import { updateFilm } from '@/server/films/update-film';
import { uploadPoster } from '@/server/films/upload-poster';
import { mediaStore } from '@/server/media/store';

// The film catalogue's REST operations, for the cinemas' managers and admins (the admin pages use
// the same use cases through server/actions/films.ts, and upload posters through uploadPosterOp).

const WHO_WRITES =
  'Admins may change any film; a manager may add films, and edit or archive the films they added and the films that play (or played) at a cinema they manage (403 otherwise).';

const FILM_ID = '6a0f3c9e-2b7d-4e1a-9c5f-8d3b2a1e0f47';
const POSTER_KEY = '3f1c9a7be2d04c6f8a5b1e9d7c2f4a60';

const EXAMPLE_FILM = {
  title: 'Monsoon Express',
  synopsis:
    'A railway cop has one night to stop a hijacked overnight express before it reaches Mumbai in the heaviest rain in a century.',
  runtimeMinutes: 152,
  certificate: 'UA 13+',
  genres: ['Action', 'Thriller'],
  languages: ['Hindi', 'Tamil', 'Telugu'],
  formats: ['TWO_D', 'IMAX'],
  releaseDate: '2026-12-18',
  director: 'Kabir Malhotra',
  trailerUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  credits: [
    { name: 'Vikrant Sethi', character: 'Inspector Aryan Rathod' },
    { name: 'Meher Kapoor', character: 'Dr. Nandini Iyer' },
  ],
  posterKey: POSTER_KEY,
};

export const listFilmsOp = operation({
  operationId: 'listFilms',
  method: 'get',
  path: '/api/v1/films',
  tag: 'Films',
  summary: 'List the catalogue',
  description:
    'Every film, newest release first, `pageSize` at a time (`page` from 1; `total` counts every match). `status` is `active` (default), `archived` or `all`; `q` matches part of the title or slug; `genre` and `language` narrow it. Each film says how many of its showtimes are still to come or under way (`liveShowtimes`) and whether the caller may edit it (`canEdit`). Managers and admins; reading needs no two-factor step.',
  auth: { roles: ['MANAGER'] },
  query: filmListQuerySchema,
  success: { status: 200, description: 'A page of films.', schema: filmListResponseSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
  example: { query: { q: 'monsoon', status: 'all', page: 1, pageSize: 20 } },
  handler: ({ query, viewer }) => listFilms({ viewer, query }),
});

export const getFilmOp = operation({
  operationId: 'getFilm',
  method: 'get',
  path: '/api/v1/films/{id}',
  tag: 'Films',
  summary: 'Get a film',
  description:
    'One film with everything the admin form edits (credits in billing order, the poster’s key), archived or not. Managers and admins.',
  auth: { roles: ['MANAGER'] },
  params: filmIdSchema,
  success: { status: 200, description: 'The film.', schema: filmSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { id: FILM_ID } },
  handler: ({ params, viewer }) => getFilm({ viewer, id: params.id }),
});

export const createFilmOp = operation({
  operationId: 'createFilm',
  method: 'post',
  path: '/api/v1/films',
  tag: 'Films',
  summary: 'Add a film',
  description: `Adds a film to the catalogue, which every cinema shares. Its \`slug\` (the film page's address, \`/movies/{slug}\`) is made from the title and never changes; a taken one gets \`-2\`, \`-3\`…. \`certificate\` is the CBFC's (\`U\`, \`UA 7+\`, \`UA 13+\`, \`UA 16+\`, \`A\`); \`languages\` lists the original language first; \`trailerUrl\` must be an https link to YouTube or Vimeo; \`credits\` are the cast in billing order; \`posterKey\` comes from \`POST /api/v1/posters\` (without one, a placeholder is shown). It appears on the public site once it has showtimes (or, before its release date, under Coming soon). Managers of a cinema and admins, after two-factor authentication; audited.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  body: createFilmInputSchema,
  success: { status: 201, description: 'The film as added.', schema: filmSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'BUSY'],
  example: { body: EXAMPLE_FILM },
  handler: ({ body, viewer }) => createFilm({ viewer, input: body }),
});

export const updateFilmOp = operation({
  operationId: 'updateFilm',
  method: 'patch',
  path: '/api/v1/films/{id}',
  tag: 'Films',
  summary: 'Edit a film',
  description: `Changes the fields sent, and only those (the same rules as adding one); \`credits\`, when sent, is the whole new list in order; \`posterKey: null\` removes the poster. The slug never changes. ${WHO_WRITES} After two-factor authentication; audited with the fields before and after.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: filmIdSchema,
  body: updateFilmBodySchema,
  success: { status: 200, description: 'The film as it is now.', schema: filmSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: {
    params: { id: FILM_ID },
    body: { runtimeMinutes: 149, trailerUrl: 'https://vimeo.com/76979871' },
  },
  handler: ({ params, body, viewer }) => updateFilm({ viewer, input: { ...body, id: params.id } }),
});

export const archiveFilmOp = operation({
  operationId: 'archiveFilm',
  method: 'post',
  path: '/api/v1/films/{id}/archive',
  tag: 'Films',
  summary: 'Archive a film',
  description: `Takes the film off the public site: lists and search no longer show it and its page says it is no longer showing; bookings keep it. Refused with 409 \`CONFLICT\` while any of its showtimes is scheduled and not over (\`details.reason\` \`live-showtimes\`, \`details.showtimes\` lists them): cancel them or let them finish first. Archiving an archived film changes nothing. ${WHO_WRITES} After two-factor authentication; audited.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: filmIdSchema,
  success: { status: 200, description: 'The film, archived.', schema: filmSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { id: FILM_ID } },
  handler: ({ params, viewer }) => setFilmArchived({ viewer, id: params.id, archived: true }),
});

export const unarchiveFilmOp = operation({
  operationId: 'unarchiveFilm',
  method: 'post',
  path: '/api/v1/films/{id}/unarchive',
  tag: 'Films',
  summary: 'Bring an archived film back',
  description: `Puts an archived film back on the public site (and lets showtimes be scheduled for it again). ${WHO_WRITES} After two-factor authentication; audited.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: filmIdSchema,
  success: { status: 200, description: 'The film, no longer archived.', schema: filmSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { id: FILM_ID } },
  handler: ({ params, viewer }) => setFilmArchived({ viewer, id: params.id, archived: false }),
});

export const uploadPosterOp = operation({
  operationId: 'uploadPoster',
  method: 'post',
  path: '/api/v1/posters',
  tag: 'Films',
  summary: 'Upload a poster',
  description: `The image file itself is the body (not a form): a JPEG, PNG or WebP of at most 5 MB, portrait (width ÷ height between 0.55 and 0.8), at least 300 × 450 pixels and at most 10,000 a side and 40 megapixels. It is judged by its content, not by its name or Content-Type, cropped to 2:3 around its centre, and stored as WebP in the sizes the site shows. Pass the answer's \`key\` as \`posterKey\` when adding or editing a film. The same file uploaded again gives the same key. Not an image: 415 \`UNSUPPORTED_MEDIA_TYPE\`; too big a file: 413 \`PAYLOAD_TOO_LARGE\`; wrong dimensions or a damaged file: 400 \`VALIDATION_FAILED\`. Managers of a cinema and admins, after two-factor authentication.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  upload: {
    mediaTypes: POSTER_TYPES,
    description: 'The poster image, as a file (e.g. `curl --data-binary @poster.jpg`).',
    example: 'poster.jpg',
  },
  maxBodyBytes: POSTER_MAX_BYTES,
  success: {
    status: 201,
    description: 'Stored; its key and the URL of each size.',
    schema: posterUploadSchema,
  },
  errors: [
    'VALIDATION_FAILED',
    'BAD_REQUEST',
    'UNSUPPORTED_MEDIA_TYPE',
    'PAYLOAD_TOO_LARGE',
    'UNAUTHENTICATED',
    'FORBIDDEN',
  ],
  handler: ({ bytes, viewer }) => uploadPoster({ viewer, bytes }),
});

export const getPosterImageOp = operation({
  operationId: 'getPosterImage',
  method: 'get',
  path: '/api/media/posters/{file}',
  tag: 'Films',
  summary: 'A poster image',
  description:
    'An uploaded poster in one of its sizes (`<key>-160.webp`, `-320`, `-640`: that many pixels wide, 2:3), as the site’s pages link to it. The file name is made from the upload’s content, so a URL never changes meaning: it is cached for a year (`immutable`). Public, and not counted against the API’s rate limit (it is a page asset).',
  auth: 'public',
  params: posterFileParamsSchema,
  success: { status: 200, description: 'The WebP image.', contentType: 'image/webp' },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  example: { params: { file: `${POSTER_KEY}-320.webp` } },
  handler: async ({ params }) => {
    const object = await mediaStore().get(`posters/${params.file}`);
    if (!object) throw new AppError('NOT_FOUND', 'There is no such poster.');
    return reply({
      body: object.bytes,
      contentType: object.contentType,
      headers: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  },
});
