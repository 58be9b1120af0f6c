import 'server-only';
import type { ReportCell, ReportColumn, ReportQuery, ReportSummary } from '@/lib/schemas/reports';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// The GST register: every invoice and credit note the cinemas issued in a range of issue dates,
// read from the documents themselves (immutable, so the register of a closed month never
// changes), not from the rollups. What a cinema needs for GSTR-1: each document's number, date,
// GSTIN, place of supply, taxable value and tax by head; and per cinema the totals and the
// number range used, so a missing number shows; and the SAC-wise summary of GSTR-1 Table 12,
// from the documents' own lines (as the database copied them into gst_document_lines).
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

/**
 * The cinemas of the report with the range as instants in each one's time zone, [lo, hi): computed
 * once per cinema, not per document (comparing every document with `AT TIME ZONE c.time_zone` cost
 * a third of a summary's time), and so that each cinema's documents are an index range. Used as
 * the CTE `c` by the queries below.
 */
export function cinemaRanges(q: ReportQuery, ids: string[]): Prisma.Sql {
  return Prisma.sql`SELECT id, name, time_zone,
           (${q.from}::date::timestamp AT TIME ZONE time_zone) AS lo,
           ((${q.to}::date + 1)::timestamp AT TIME ZONE time_zone) AS hi
    FROM cinemas WHERE id = ANY(${ids}::uuid[])`;
}

/**
 * Both kinds of document in one shape, from the cinemas and ranges of the CTE `ranges`; credit
 * notes' amounts negated. The booking's reference is not joined here: the summaries do not need
 * it, and the rows join it after their LIMIT (joining 188k bookings was a third of the time of a
 * big range).
 */
export function documents(ranges: string): Prisma.Sql {
  const r = Prisma.raw(ranges);
  // Each cinema's documents as an index range scan of its own (LATERAL, kept from being flattened
  // into a join by OFFSET 0): the planner cannot see the ranges' bounds, and took a sequential
  // scan of every invoice (150 ms of 190,000) for a page whose ranges hold a few hundred.
  return Prisma.sql`
    SELECT i.cinema_id, 0 AS kind, i.supplier_gstin IS NULL AS untaxed, i.fiscal_year, i.number,
           i.invoice_number AS doc_number, i.issued_at, i.booking_id, NULL::text AS invoice_number,
           i.supplier_gstin AS gstin, i.place_of_supply,
           i.taxable_minor, i.cgst_minor, i.sgst_minor, i.total_minor
    FROM ${r} c
    CROSS JOIN LATERAL (
      SELECT * FROM invoices i WHERE i.cinema_id = c.id AND i.issued_at >= c.lo AND i.issued_at < c.hi OFFSET 0
    ) i
    UNION ALL
    SELECT n.cinema_id, 1, false, n.fiscal_year, n.number,
           n.credit_note_number, n.issued_at, n.booking_id, i.invoice_number,
           i.supplier_gstin, i.place_of_supply,
           -n.taxable_minor, -n.cgst_minor, -n.sgst_minor, -n.total_minor
    FROM ${r} c
    CROSS JOIN LATERAL (
      SELECT * FROM credit_notes n WHERE n.cinema_id = c.id AND n.issued_at >= c.lo AND n.issued_at < c.hi OFFSET 0
    ) n
    JOIN invoices i ON i.id = n.invoice_id`;
}

/**
 * The ranges the first `limit` rows lie in. Rows are ordered by cinema, then issue date, then
 * series and number; within one cinema the issue date never decreases with the issue time. So
 * take the first `limit` documents by (cinema, issued_at), two index range scans per cinema cut at
 * `limit` each, and the last of them, at cinema E on local date D: every document of an earlier
 * cinema, and of E up to the end of D, sorts before any other document, and there are at least
 * `limit` of them, so the first `limit` rows are among them. The rows query then sorts those
 * (`limit` plus the rest of day D) instead of every document of the range. Fewer than `limit`
 * documents in all: every range as it is.
 */
function pageRanges(limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id, c.name, c.time_zone, c.lo,
           CASE WHEN e.id IS NULL OR (c.name, c.id) < (e.name, e.id) THEN c.hi
                WHEN c.id = e.id
                  THEN least(c.hi, (((e.issued_at AT TIME ZONE c.time_zone)::date + 1)::timestamp AT TIME ZONE c.time_zone))
                ELSE c.lo END AS hi
    FROM c
    LEFT JOIN (
      SELECT c.id, c.name, f.issued_at
      FROM c CROSS JOIN LATERAL (
        (SELECT i.issued_at FROM invoices i
         WHERE i.cinema_id = c.id AND i.issued_at >= c.lo AND i.issued_at < c.hi
         ORDER BY i.issued_at LIMIT ${limit})
        UNION ALL
        (SELECT n.issued_at FROM credit_notes n
         WHERE n.cinema_id = c.id AND n.issued_at >= c.lo AND n.issued_at < c.hi
         ORDER BY n.issued_at LIMIT ${limit})
      ) f
      ORDER BY c.name, c.id, f.issued_at
      OFFSET ${limit - 1} LIMIT 1
    ) e ON true`;
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

// GSTR-1 Table 12 (HSN/SAC-wise summary of outward supplies), per cinema and GSTIN: one row per
// SAC code and GST rate. Quantity is what the lines state (seats); a credit note that reverses
// only part of a line states none (a refund is money, not seats), so the net quantity counts the
// seats of whole reversals only. The return's UQC for services is "NA": it is there to read.
const SAC_COLUMNS: ReportColumn[] = [
  col('cinema', 'Cinema', 'text'),
  col('sac', 'SAC', 'text'),
  col('description', 'Description', 'text'),
  col('rate', 'GST rate %', 'percent'),
  col('quantity', 'Quantity (net)', 'int'),
  col('lines', 'Document lines', 'int'),
  col('taxable', 'Taxable value', 'money'),
  col('cgst', 'CGST', 'money'),
  col('sgst', 'SGST', 'money'),
  col('total', 'Total', 'money'),
  col('gstin', 'GSTIN', 'text'),
];

type SacRow = {
  cinema: string;
  gstin: string | null;
  sac: string;
  description: string;
  rate_bps: number;
  quantity: bigint;
  lines: bigint;
  taxable: bigint;
  cgst: bigint;
  sgst: bigint;
};

export type GstRegister = {
  columns: ReportColumn[];
  rows: Row[];
  rowsTotal: number;
  totals: Row;
  summary: ReportSummary;
  sacSummary: ReportSummary;
};

/**
 * The register's rows (one per document; with `limit`, only the first `limit`), and, from SQL
 * aggregates over every document of the range, its totals, its summary per cinema and series and
 * its SAC-wise summary. The page and a JSON caller asking for a page of rows thus never bring
 * the whole register into Node; the downloads ask for every row.
 */
export async function gstRegister(q: ReportQuery, ids: string[], limit?: number): Promise<GstRegister> {
  const ranges = cinemaRanges(q, ids);
  // One snapshot for all, so the summaries add up to the rows even while documents are issued.
  const [rows, series, sac] = await db().$transaction(
    async (tx): Promise<[DocumentRow[], SeriesRow[], SacRow[]]> => [
      // Ordered and cut first, then joined to the bookings for their reference: with a limit, only
      // those rows' bookings are read, and only the documents up to the end of the day of the
      // `limit`-th are sorted (pageRanges).
      await tx.$queryRaw<DocumentRow[]>`
      WITH c AS MATERIALIZED (${ranges}),
           p AS MATERIALIZED (${limit === undefined ? Prisma.sql`SELECT * FROM c` : pageRanges(limit)})
      SELECT d.cinema, d.kind, d.untaxed, d.number, d."issueDate", b.reference AS booking, d.invoice,
             d.gstin, d."placeOfSupply", d.taxable, d.cgst, d.sgst, d.total
      FROM (
        SELECT c.name AS cinema, c.id AS cinema_id, d.kind, d.untaxed, d.doc_number AS number,
               (d.issued_at AT TIME ZONE c.time_zone)::date AS "issueDate", d.booking_id,
               d.invoice_number AS invoice, d.gstin, d.place_of_supply AS "placeOfSupply",
               d.fiscal_year, d.number AS n,
               d.taxable_minor AS taxable, d.cgst_minor AS cgst, d.sgst_minor AS sgst, d.total_minor AS total
        FROM (${documents('p')}) d JOIN p c ON c.id = d.cinema_id
        ORDER BY c.name, c.id, "issueDate", d.kind, d.fiscal_year, d.number
        ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}
      ) d
      JOIN bookings b ON b.id = d.booking_id
      ORDER BY d.cinema, d.cinema_id, d."issueDate", d.kind, d.fiscal_year, d.n`,
      // Aggregated per GSTIN too, by hashing (no sort of every document), then per series; only
      // the columns of invoices_gst_register_idx are read, an index-only scan. The first and last
      // numbers' printed forms are then looked up by (cinema, financial year, number), unique.
      await tx.$queryRaw<SeriesRow[]>`
      WITH c AS MATERIALIZED (${ranges}),
      s AS (
        SELECT i.cinema_id, 0 AS kind, i.fiscal_year, i.supplier_gstin AS gstin, count(*) AS count,
               min(i.number) AS first_number, max(i.number) AS last_number,
               sum(i.taxable_minor) AS taxable, sum(i.cgst_minor) AS cgst,
               sum(i.sgst_minor) AS sgst, sum(i.total_minor) AS total
        FROM c JOIN invoices i ON i.cinema_id = c.id AND i.issued_at >= c.lo AND i.issued_at < c.hi
        GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT n.cinema_id, 1, n.fiscal_year, i.supplier_gstin, count(*), min(n.number), max(n.number),
               -sum(n.taxable_minor), -sum(n.cgst_minor), -sum(n.sgst_minor), -sum(n.total_minor)
        FROM c JOIN credit_notes n ON n.cinema_id = c.id AND n.issued_at >= c.lo AND n.issued_at < c.hi
        JOIN invoices i ON i.id = n.invoice_id
        GROUP BY 1, 2, 3, 4
      ),
      g AS (
        SELECT c.id AS cinema_id, c.name AS cinema, s.kind, s.fiscal_year,
               string_agg(s.gstin, ', ' ORDER BY s.gstin) AS gstin, sum(s.count)::bigint AS count,
               min(s.first_number) AS first_number, max(s.last_number) AS last_number,
               sum(s.taxable)::bigint AS taxable, sum(s.cgst)::bigint AS cgst,
               sum(s.sgst)::bigint AS sgst, sum(s.total)::bigint AS total
        FROM s JOIN c ON c.id = s.cinema_id
        GROUP BY c.id, c.name, s.kind, s.fiscal_year
      )
      SELECT g.cinema_id, g.cinema, g.kind, g.fiscal_year, g.gstin, g.count, g.first_number, g.last_number,
             CASE WHEN g.kind = 0
               THEN (SELECT invoice_number FROM invoices
                     WHERE cinema_id = g.cinema_id AND fiscal_year = g.fiscal_year AND number = g.first_number)
               ELSE (SELECT credit_note_number FROM credit_notes
                     WHERE cinema_id = g.cinema_id AND fiscal_year = g.fiscal_year AND number = g.first_number)
             END AS first,
             CASE WHEN g.kind = 0
               THEN (SELECT invoice_number FROM invoices
                     WHERE cinema_id = g.cinema_id AND fiscal_year = g.fiscal_year AND number = g.last_number)
               ELSE (SELECT credit_note_number FROM credit_notes
                     WHERE cinema_id = g.cinema_id AND fiscal_year = g.fiscal_year AND number = g.last_number)
             END AS last,
             g.taxable, g.cgst, g.sgst, g.total
      FROM g
      ORDER BY g.cinema, g.cinema_id, g.kind, g.fiscal_year`,
      // Credit notes' lines are stored positive (what they reverse): subtracted here.
      // From gst_document_lines, the documents' lines as the database copied them when each was
      // issued (migration 20261210030000_gst_document_lines): a narrow table read by cinema and
      // issue time, not every document's jsonb expanded (1.1 s of 190,000 documents); an
      // index-only scan of gst_document_lines_gst_register_idx.
      await tx.$queryRaw<SacRow[]>`
      WITH c AS MATERIALIZED (${ranges})
      SELECT c.name AS cinema, g.supplier_gstin AS gstin, g.sac, min(g.description) AS description,
             g.tax_rate_bps AS rate_bps,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.quantity ELSE -g.quantity END) AS quantity,
             count(*) AS lines,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.taxable_minor ELSE -g.taxable_minor END) AS taxable,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.cgst_minor ELSE -g.cgst_minor END) AS cgst,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.sgst_minor ELSE -g.sgst_minor END) AS sgst
      FROM c
      JOIN gst_document_lines g ON g.cinema_id = c.id AND g.issued_at >= c.lo AND g.issued_at < c.hi
      GROUP BY c.id, c.name, g.supplier_gstin, g.sac, g.tax_rate_bps
      ORDER BY c.name, c.id, g.supplier_gstin NULLS LAST, g.sac, g.tax_rate_bps`,
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
    // The series cover every document of the range: their sums are the register's.
    rowsTotal: series.reduce((n, s) => n + Number(s.count), 0),
    totals: {
      ...Object.fromEntries(GST_REGISTER_COLUMNS.map((c) => [c.key, null])),
      ...Object.fromEntries(MONEY.map((k) => [k, series.reduce((n, s) => n + Number(s[k]), 0)])),
    },
    summary: {
      title: 'Summary per cinema (credit notes negative; net = invoices + credit notes)',
      columns: SUMMARY_COLUMNS,
      rows: summaryRows(series),
    },
    sacSummary: {
      title: 'Summary per SAC code and GST rate (GSTR-1 Table 12), net of credit notes',
      columns: SAC_COLUMNS,
      rows: sac.map((r) => ({
        cinema: r.cinema,
        sac: r.sac,
        description: r.description,
        rate: r.rate_bps / 100,
        quantity: Number(r.quantity),
        lines: Number(r.lines),
        taxable: Number(r.taxable),
        cgst: Number(r.cgst),
        sgst: Number(r.sgst),
        total: Number(r.taxable) + Number(r.cgst) + Number(r.sgst),
        gstin: r.gstin,
      })),
    },
  };
}
