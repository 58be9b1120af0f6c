import 'server-only';
import type { PosterUpload } from '@/lib/schemas/films';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { assertMayAddFilms } from '@/server/films/film-access';
import { describePoster, isPosterStored, storePoster } from '@/server/media/posters';
import { posterKeyFor, processPoster } from '@/server/media/process-poster';

/**
 * A manager or admin uploads a poster: checked by its content, made into the site's sizes and
 * stored under a key made from the file, which a film then takes as its `posterKey` (create or
 * update). The same file uploaded again is the same key, and is not processed twice. Uploading
 * changes no film, but is audited like every operator's write (who put which image on the server).
 */
export async function uploadPoster(options: { viewer: Viewer; bytes: Buffer }): Promise<PosterUpload> {
  const viewer = assertMayAddFilms(options.viewer);
  const key = posterKeyFor(options.bytes);
  if (!(await isPosterStored(key))) {
    const poster = await processPoster(options.bytes);
    await storePoster(poster);
    await db().$transaction((tx) =>
      recordAudit(tx, {
        actor: viewer,
        action: 'poster.uploaded',
        entityType: 'poster',
        entityId: key,
        after: { source: poster.source, sizes: poster.sizes.map((s) => `${s.width}×${s.height}`) },
      }),
    );
  }
  return describePoster(key);
}
