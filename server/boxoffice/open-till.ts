import 'server-only';
import { AppError } from '@/lib/errors';
import type { TillView } from '@/lib/schemas/boxoffice';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { assertCounterAccess } from '@/server/boxoffice/counter-access';
import { loadTill } from '@/server/boxoffice/list-tills';
import { isConstraintViolation } from '@/server/db/errors';
import { readCommitted } from '@/server/db/transaction';

// A seller starts a shift at a cinema's counter: their till opens with the float in the drawer.
// One open till per seller per cinema (partial unique index tills_one_open_per_user): a second
// open, from another tab or a double click, is a 409 naming the one already open.

export async function openTill(options: {
  viewer: Viewer;
  cinemaId: string;
  openingFloatMinor: number;
}): Promise<TillView> {
  const { viewer } = options;
  assertCounterAccess(viewer, options.cinemaId);
  try {
    return await readCommitted(async (tx) => {
      const till = await tx.till.create({
        data: { cinemaId: options.cinemaId, userId: viewer.id, openingFloatMinor: options.openingFloatMinor },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: viewer,
        action: 'till.open',
        entityType: 'till',
        entityId: till.id,
        before: null,
        after: { cinemaId: options.cinemaId, openingFloatMinor: options.openingFloatMinor },
      });
      const view = await loadTill(till.id, tx);
      if (!view) throw new Error('till vanished in its own transaction');
      return view;
    });
  } catch (error) {
    if (isConstraintViolation(error, 'tills_one_open_per_user')) {
      throw new AppError(
        'CONFLICT',
        'Your till at this cinema is already open: close it before opening another.',
        {
          details: { reason: 'till-open' },
        },
      );
    }
    throw error;
  }
}
