import 'server-only';
import type { ReportCell, ReportColumn, ReportQuery, ReportSummary } from '@/lib/schemas/reports';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// The GST register: every invoice and credit note the cinemas issued in a range of issue dates,
// read from the documents themselves (immutable, so the register of a closed month never
// changes), not from the rollups. What a cinema needs for GSTR-1: each document's number, date,
// GSTIN, place of supply, taxable value and tax by head; and per cinema the totals and the
// number range used, so a missing number shows.
//
// Tax heads are those the documents store: CGST and SGST. Admission is supplied where the show is
// held (IGST Act s.12(6)), always within the cinema's state, so no document carries IGST and the
// register has no IGST column to fill with zeros.
//
// Credit notes are negative: a column's total is then the net the cinema owes tax on.
//
// The range is on issued_at in each cinema's own time zone, as [from 00:00, to + 1 day 00:00)
// local, so the (cinema_id, issued_at) indexes answer it (migration
// 20261210010000_gst_register_indexes).

type Row = Record<string, ReportCell>;

const col = (key: string, label: string, type: ReportColumn['type']): ReportColumn => ({ key, label, type });

export const GST_REGISTER_COLUMNS: ReportColumn[] = [
  col('cinema', 'Cinema', 'text'),
  col('type', 'Document', 'text'),
  col('number', 'Number', 'text'),
  col('issueDate', 'Issue date', 'date'),
  col('booking', 'Booking', 'text'),
  col('invoice', 'Corrects invoice', 'text'),
  col('gstin', 'GSTIN', 'text'),
  col('placeOfSupply', 'Place of supply', 'text'),
  col('taxable', 'Taxable value', 'money'),
  col('cgst', 'CGST', 'money'),
  col('sgst', 'SGST', 'money'),
  col('total', 'Total', 'money'),
];

// The GSTIN last: on a laptop the money fits before the table has to scroll.
const SUMMARY_COLUMNS: ReportColumn[] = [
  col('cinema', 'Cinema', 'text'),
  col('series', 'Documents', 'text'),
  col('fiscalYear', 'Financial year', 'text'),
  col('count', 'Count', 'int'),
  col('first', 'First number', 'text'),
  col('last', 'Last number', 'text'),
  col('missing', 'Numbers missing', 'int'),
  col('taxable', 'Taxable value', 'money'),
  col('cgst', 'CGST', 'money'),
  col('sgst', 'SGST', 'money'),
  col('total', 'Total', 'money'),
  col('gstin', 'GSTIN', 'text'),
];

export const TYPE_LABELS = {
  invoice: 'Tax invoice',
  // Issued while the cinema had given Marquee no GSTIN: its PDF says it is not a tax invoice. Listed
  // all the same, since it took a number of the invoice series.
  untaxed: 'Invoice (no GSTIN)',
  creditNote: 'Credit note',
} as const;

/** Both kinds of document in one shape; credit notes' amounts negated. */
function documents(q: ReportQuery, ids: string[]): Prisma.Sql {
  const within = (alias: string) => Prisma.sql`${Prisma.raw(alias)}.cinema_id = ANY(${ids}::uuid[])
    AND ${Prisma.raw(alias)}.issued_at >= (${q.from}::date::timestamp AT TIME ZONE c.time_zone)
    AND ${Prisma.raw(alias)}.issued_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE c.time_zone)`;
  return Prisma.sql`
    SELECT i.cinema_id, 0 AS kind, i.supplier_gstin IS NULL AS untaxed, i.fiscal_year, i.number,
           i.invoice_number AS doc_number, i.issued_at, b.reference, NULL::text AS invoice_number,
           i.supplier_gstin AS gstin, i.place_of_supply,
           i.taxable_minor, i.cgst_minor, i.sgst_minor, i.total_minor
    FROM cinemas c
    JOIN invoices i ON i.cinema_id = c.id
    JOIN bookings b ON b.id = i.booking_id
    WHERE ${within('i')}
    UNION ALL
    SELECT n.cinema_id, 1, false, n.fiscal_year, n.number,
           n.credit_note_number, n.issued_at, b.reference, i.invoice_number,
           i.supplier_gstin, i.place_of_supply,
           -n.taxable_minor, -n.cgst_minor, -n.sgst_minor, -n.total_minor
    FROM cinemas c
    JOIN credit_notes n ON n.cinema_id = c.id
    JOIN invoices i ON i.id = n.invoice_id
    JOIN bookings b ON b.id = n.booking_id
    WHERE ${within('n')}`;
}

type DocumentRow = {
  cinema: string;
  kind: number;
  untaxed: boolean;
  number: string;
  issueDate: Date;
  booking: string;
  invoice: string | null;
  gstin: string | null;
  placeOfSupply: string;
  taxable: number;
  cgst: number;
  sgst: number;
  total: number;
};

type SeriesRow = {
  cinema_id: string;
  cinema: string;
  kind: number;
  fiscal_year: number;
  gstin: string | null;
  count: bigint;
  first_number: number;
  last_number: number;
  first: string;
  last: string;
  taxable: bigint;
  cgst: bigint;
  sgst: bigint;
  total: bigint;
};

const MONEY = ['taxable', 'cgst', 'sgst', 'total'] as const;

const fiscalYearLabel = (y: number) => `${y}–${String((y + 1) % 100).padStart(2, '0')}`;

function netRow(cinema: string, gstin: ReportCell, rows: Row[]): Row {
  const row: Row = {
    cinema,
    gstin,
    series: 'Net',
    fiscalYear: null,
    count: null,
    first: null,
    last: null,
    missing: null,
  };
  for (const k of MONEY) row[k] = rows.reduce((s, r) => s + Number(r[k] ?? 0), 0);
  return row;
}

/** Invoices, then credit notes, for each cinema with their net; then the same over every cinema. */
function summaryRows(series: SeriesRow[]): Row[] {
  const out: Row[] = [];
  const overall: Row[] = [];
  const byCinema = new Map<string, SeriesRow[]>();
  for (const s of series) byCinema.set(s.cinema_id, [...(byCinema.get(s.cinema_id) ?? []), s]);
  for (const list of byCinema.values()) {
    const rows = list.map(
      (s): Row => ({
        cinema: s.cinema,
        gstin: s.gstin,
        series: s.kind === 0 ? 'Invoices' : 'Credit notes',
        fiscalYear: fiscalYearLabel(s.fiscal_year),
        count: Number(s.count),
        first: s.first,
        last: s.last,
        // Numbers are given without gaps per cinema, series and financial year: a number between
        // the first and the last that is not in the range was issued outside it or is missing.
        missing: s.last_number - s.first_number + 1 - Number(s.count),
        taxable: Number(s.taxable),
        cgst: Number(s.cgst),
        sgst: Number(s.sgst),
        total: Number(s.total),
      }),
    );
    const gstins = [...new Set(list.map((s) => s.gstin).filter(Boolean))].join(', ') || null;
    out.push(...rows, netRow(list[0]?.cinema ?? '', gstins, rows));
    overall.push(...rows);
  }
  for (const label of ['Invoices', 'Credit notes']) {
    const rows = overall.filter((r) => r.series === label);
    const count = rows.reduce((s, r) => s + Number(r.count), 0);
    out.push({ ...netRow('All cinemas', null, rows), series: label, count });
  }
  out.push(netRow('All cinemas', null, overall));
  return out;
}

/** The register's rows (one per document) and its summary per cinema and series. */
export async function gstRegister(
  q: ReportQuery,
  ids: string[],
): Promise<{ columns: ReportColumn[]; rows: Row[]; summary: ReportSummary }> {
  const docs = documents(q, ids);
  // One snapshot for both, so the summary adds up to the rows even while documents are issued.
  const [rows, series] = await db().$transaction(
    async (tx): Promise<[DocumentRow[], SeriesRow[]]> => [
      await tx.$queryRaw<DocumentRow[]>`
      SELECT c.name AS cinema, d.kind, d.untaxed, d.doc_number AS number,
             (d.issued_at AT TIME ZONE c.time_zone)::date AS "issueDate",
             d.reference AS booking, d.invoice_number AS invoice, d.gstin,
             d.place_of_supply AS "placeOfSupply",
             d.taxable_minor AS taxable, d.cgst_minor AS cgst, d.sgst_minor AS sgst, d.total_minor AS total
      FROM (${docs}) d JOIN cinemas c ON c.id = d.cinema_id
      ORDER BY c.name, c.id, "issueDate", d.kind, d.fiscal_year, d.number`,
      await tx.$queryRaw<SeriesRow[]>`
      SELECT c.id AS cinema_id, c.name AS cinema, d.kind, d.fiscal_year,
             string_agg(DISTINCT d.gstin, ', ') AS gstin, count(*) AS count,
             min(d.number) AS first_number, max(d.number) AS last_number,
             (array_agg(d.doc_number ORDER BY d.number))[1] AS first,
             (array_agg(d.doc_number ORDER BY d.number DESC))[1] AS last,
             sum(d.taxable_minor) AS taxable, sum(d.cgst_minor) AS cgst,
             sum(d.sgst_minor) AS sgst, sum(d.total_minor) AS total
      FROM (${docs}) d JOIN cinemas c ON c.id = d.cinema_id
      GROUP BY c.id, c.name, d.kind, d.fiscal_year
      ORDER BY c.name, c.id, d.kind, d.fiscal_year`,
    ],
    { isolationLevel: 'RepeatableRead', maxWait: 5_000, timeout: 30_000 },
  );
  return {
    columns: GST_REGISTER_COLUMNS,
    rows: rows.map((r) => ({
      cinema: r.cinema,
      type: r.kind === 1 ? TYPE_LABELS.creditNote : r.untaxed ? TYPE_LABELS.untaxed : TYPE_LABELS.invoice,
      number: r.number,
      issueDate: r.issueDate.toISOString().slice(0, 10),
      booking: r.booking,
      invoice: r.invoice,
      gstin: r.gstin,
      placeOfSupply: r.placeOfSupply,
      taxable: Number(r.taxable),
      cgst: Number(r.cgst),
      sgst: Number(r.sgst),
      total: Number(r.total),
    })),
    summary: {
      title: 'Summary per cinema (credit notes negative; net = invoices + credit notes)',
      columns: SUMMARY_COLUMNS,
      rows: summaryRows(series),
    },
  };
}
