import 'server-only';
import { AppError } from '@/lib/errors';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import type { CreateScreenInput } from '@/lib/schemas/venues';
import { summarizeSeats } from '@/lib/seat-layout/summary';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { sellableLayout } from '@/server/venues/sellable-layout';

export type CreatedScreen = {
  id: string;
  cinemaId: string;
  name: string;
  formats: CreateScreenInput['formats'];
  capacity: number;
};

/**
 * A manager (of this cinema) or an admin adds a screen drawn in the layout editor: the screen with
 * its layout JSON and capacity (its layout version 1, by the trigger screens_first_layout), and
 * its seats, in one transaction with the audit record. The
 * layout is validated here with the editor's own rules (the browser's verdict is not trusted);
 * problems come back as VALIDATION_FAILED with the cells they are about. Names are unique per
 * cinema by the database's index, which a concurrent twin also runs into (CONFLICT on `name`).
 */
export async function createScreen(options: {
  viewer: Viewer;
  input: CreateScreenInput;
}): Promise<CreatedScreen> {
  const { input } = options;
  // Before any lookup, so the answer for a cinema one does not manage never says whether it exists.
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: input.cinemaId });

  const { layout, seats, capacity } = sellableLayout(input.draft);

  try {
    const created = await db().$transaction(async (tx) => {
      const cinema = await tx.cinema.findUnique({ where: { id: input.cinemaId }, select: { id: true } });
      if (!cinema) throw new AppError('NOT_FOUND', 'Cinema not found.');
      const screen = await tx.screen.create({
        data: {
          cinemaId: input.cinemaId,
          name: input.name,
          formats: input.formats,
          // What readers of the layout parse it with; a shape they would refuse never gets stored.
          layout: screenLayoutSchema.parse(layout),
          capacity,
        },
        select: { id: true, cinemaId: true, name: true, formats: true, capacity: true },
      });
      await tx.seat.createMany({ data: seats.map((seat) => ({ ...seat, screenId: screen.id })) });
      const summary = summarizeSeats(seats);
      await recordAudit(tx, {
        actor: viewer,
        action: 'screen.created',
        entityType: 'screen',
        entityId: screen.id,
        after: {
          cinemaId: screen.cinemaId,
          name: screen.name,
          formats: screen.formats,
          capacity,
          seats: summary,
          layout,
        },
      });
      return screen;
    });
    publishCatalogChange({ cinemaIds: [input.cinemaId] });
    return created;
  } catch (error) {
    if (isConstraintViolation(error, 'screens_cinema_id_name_key')) {
      const message = `This cinema already has a screen called “${input.name}”.`;
      throw new AppError('CONFLICT', message, { details: [{ path: 'name', message }] });
    }
    throw error;
  }
}
