import 'server-only';
import { AppError } from '@/lib/errors';
import type { TillView } from '@/lib/schemas/boxoffice';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { canSeeTill, loadTill } from '@/server/boxoffice/list-tills';
import { tillTotals } from '@/server/boxoffice/till-totals';
import { readCommitted } from '@/server/db/transaction';

// Cash-up: the seller (or a manager of the cinema, for a till left open) counts the drawer and
// closes the till. The till's row lock (FOR UPDATE) waits for any sale or refund being written to
// it (they lock it FOR SHARE, trigger tills_take_money_while_open) and refuses any that come
// after, so the expectation computed here is exactly what the drawer took.

export async function closeTill(options: {
  viewer: Viewer;
  tillId: string;
  countedMinor: number;
  note?: string;
}): Promise<TillView> {
  const { viewer } = options;
  return readCommitted(async (tx) => {
    const [till] = await tx.$queryRaw<
      { user_id: string; cinema_id: string; closed: boolean; opening_float_minor: number }[]
    >`
      SELECT user_id::text, cinema_id::text, closed_at IS NOT NULL AS closed, opening_float_minor
      FROM tills WHERE id = ${options.tillId}::uuid FOR UPDATE`;
    if (!till || !canSeeTill(viewer, { userId: till.user_id, cinemaId: till.cinema_id })) {
      throw new AppError('NOT_FOUND', 'Till not found.');
    }
    if (till.closed) throw new AppError('CONFLICT', 'This till is already closed.');
    const totals = (await tillTotals([options.tillId], tx)).get(options.tillId);
    const expectedMinor = till.opening_float_minor + (totals?.cashNetMinor ?? 0);
    await tx.till.update({
      where: { id: options.tillId },
      data: {
        closedAt: new Date(),
        countedMinor: options.countedMinor,
        expectedMinor,
        closingNote: options.note ?? null,
      },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: 'till.close',
      entityType: 'till',
      entityId: options.tillId,
      before: { open: true, expectedMinor },
      after: {
        open: false,
        countedMinor: options.countedMinor,
        expectedMinor,
        differenceMinor: options.countedMinor - expectedMinor,
        note: options.note ?? null,
      },
    });
    const view = await loadTill(options.tillId, tx);
    if (!view) throw new Error('till vanished in its own transaction');
    return view;
  });
}
