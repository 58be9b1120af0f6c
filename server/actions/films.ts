'use server';

import { createFilmInputSchema, filmIdSchema, updateFilmInputSchema } from '@/lib/schemas/films';
import { createFilm } from '@/server/films/create-film';
import { setFilmArchived } from '@/server/films/set-film-archived';
import { updateFilm } from '@/server/films/update-film';
import { action } from '@/server/http/action';

// Server actions for the film catalogue's admin pages, the twins of the REST operations in
// server/api/operations/films.ts (posters are uploaded to POST /api/v1/posters: a file is no
// server action's argument). Who may do what is the use cases' (server/films/film-access.ts).

const MANAGERS = { roles: ['MANAGER'] } as const;

export const createFilmAction = action(
  { input: createFilmInputSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => createFilm({ viewer, input }),
);

export const updateFilmAction = action(
  { input: updateFilmInputSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => updateFilm({ viewer, input }),
);

export const archiveFilmAction = action(
  { input: filmIdSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => setFilmArchived({ viewer, id: input.id, archived: true }),
);

export const unarchiveFilmAction = action(
  { input: filmIdSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => setFilmArchived({ viewer, id: input.id, archived: false }),
);
