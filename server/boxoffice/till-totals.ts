import 'server-only';
import type { TillView } from '@/lib/schemas/boxoffice';
import { db, type Tx } from '@/server/db';

// What a till took and gave back, from the payments and refunds recorded against it. Cash in the
// drawer moves by the amount of a cash sale (tendered − change) and a cash refund; card-terminal
// and UPI money never touches the drawer but is shown so the seller can match the terminal's
// batch and the UPI statement.

type Totals = Pick<TillView, 'sales' | 'refunds'> & { cashNetMinor: number };

type Row = {
  till_id: string;
  sales: number;
  cash: number;
  card: number;
  upi: number;
  refunds: number;
  refund_cash: number;
  refund_other: number;
};

export async function tillTotals(tillIds: string[], client: Tx = db()): Promise<Map<string, Totals>> {
  const out = new Map<string, Totals>();
  if (tillIds.length === 0) return out;
  const rows = await client.$queryRaw<Row[]>`
    SELECT t.id::text AS till_id,
           coalesce(s.sales, 0)::int AS sales, coalesce(s.cash, 0)::int AS cash,
           coalesce(s.card, 0)::int AS card, coalesce(s.upi, 0)::int AS upi,
           coalesce(r.refunds, 0)::int AS refunds, coalesce(r.refund_cash, 0)::int AS refund_cash,
           coalesce(r.refund_other, 0)::int AS refund_other
    FROM unnest(${tillIds}::uuid[]) AS t(id)
    LEFT JOIN LATERAL (
      SELECT count(*) AS sales,
             sum(amount_minor) FILTER (WHERE method = 'CASH') AS cash,
             sum(amount_minor) FILTER (WHERE method = 'CARD_TERMINAL') AS card,
             sum(amount_minor) FILTER (WHERE method = 'UPI') AS upi
      FROM payments WHERE till_id = t.id AND status = 'SUCCEEDED'
    ) s ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS refunds,
             sum(r.amount_minor) FILTER (WHERE p.method = 'CASH') AS refund_cash,
             sum(r.amount_minor) FILTER (WHERE p.method IS DISTINCT FROM 'CASH') AS refund_other
      FROM refunds r JOIN payments p ON p.id = r.payment_id
      WHERE r.till_id = t.id AND r.status = 'SUCCEEDED'
    ) r ON true`;
  for (const r of rows) {
    out.set(r.till_id, {
      sales: { count: r.sales, cashMinor: r.cash, cardMinor: r.card, upiMinor: r.upi },
      refunds: { count: r.refunds, cashMinor: r.refund_cash, otherMinor: r.refund_other },
      cashNetMinor: r.cash - r.refund_cash,
    });
  }
  return out;
}
