import 'server-only';
import { AppError } from '@/lib/errors';
import type { RollupState } from '@/lib/schemas/reports';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';

// The report rollups are brought up to date by refresh_report_rollups() (migration
// 20261206030000_report_rollups): the showtimes its triggers marked dirty since the last run, or
// every showtime (full). The scheduler runs it every minute on one instance; managers and admins
// may run it by hand (audited). The function takes its own advisory lock, so a refresh by hand
// waits for the job's and never interleaves with it.

const FULL_TIMEOUT_MS = 10 * 60_000;

async function refresh(client: Tx, full: boolean): Promise<number> {
  const rows = await client.$queryRaw<{ n: number }[]>`SELECT refresh_report_rollups(${full}) AS n`;
  return rows[0]?.n ?? 0;
}

export async function readRollupState(client: Tx = db()): Promise<RollupState> {
  const state = await client.reportRollupState.findUnique({
    where: { id: 1 },
    select: { refreshedAt: true, showtimesRefreshed: true, durationMs: true },
  });
  return {
    refreshedAt: state?.refreshedAt?.toISOString() ?? null,
    showtimesRefreshed: state?.showtimesRefreshed ?? 0,
    durationMs: state?.durationMs ?? 0,
  };
}

/** The periodic job: what changed since the last run (everything, the first time). */
export async function refreshReportRollups(options: { full?: boolean } = {}): Promise<RollupState> {
  return readCommitted(
    async (tx) => {
      await refresh(tx, options.full ?? false);
      return readRollupState(tx);
    },
    { label: 'refresh-report-rollups', timeoutMs: FULL_TIMEOUT_MS },
  );
}

/** A manager or admin brings the reports up to date now; only admins recompute every show. */
export async function refreshReportsByHand(options: { viewer: Viewer; full: boolean }): Promise<RollupState> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  if (options.full && viewer.role !== 'ADMIN')
    throw new AppError('FORBIDDEN', 'Only admins recompute the whole history.');
  return readCommitted(
    async (tx) => {
      const before = await readRollupState(tx);
      await refresh(tx, options.full);
      const after = await readRollupState(tx);
      await recordAudit(tx, {
        actor: viewer,
        action: 'reports.refreshed',
        entityType: 'report_rollups',
        before,
        after: { ...after, full: options.full },
      });
      return after;
    },
    { label: 'refresh-reports-by-hand', timeoutMs: FULL_TIMEOUT_MS },
  );
}
