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
 * Both kinds of document in one shape; credit notes' amounts negated. The booking's reference is not joined here: the summaries do not need it, and the rows join it
 * after their LIMIT (joining 188k bookings was a third of the time of a big range).
 */
function documents(q: ReportQuery, ids: string[]): Prisma.Sql {
  const within = (alias: string) => Prisma.sql`${Prisma.raw(alias)}.cinema_id = ANY(${ids}::uuid[])
    AND ${Prisma.raw(alias)}.issued_at >= (${q.from}::date::timestamp AT TIME ZONE c.time_zone)
    AND ${Prisma.raw(alias)}.issued_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE c.time_zone)`;
  return Prisma.sql`
    SELECT i.cinema_id, 0 AS kind, i.supplier_gstin IS NULL AS untaxed, i.fiscal_year, i.number,
           i.invoice_number AS doc_number, i.issued_at, i.booking_id, NULL::text AS invoice_number,
           i.supplier_gstin AS gstin, i.place_of_supply,
           i.taxable_minor, i.cgst_minor, i.sgst_minor, i.total_minor
    FROM cinemas c
    JOIN invoices i ON i.cinema_id = c.id
    WHERE ${within('i')}
    UNION ALL
    SELECT n.cinema_id, 1, false, n.fiscal_year, n.number,
           n.credit_note_number, n.issued_at, n.booking_id, i.invoice_number,
           i.supplier_gstin, i.place_of_supply,
           -n.taxable_minor, -n.cgst_minor, -n.sgst_minor, -n.total_minor
    FROM cinemas c
    JOIN credit_notes n ON n.cinema_id = c.id
    JOIN invoices i ON i.id = n.invoice_id
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
  const docs = documents(q, ids);
  // One snapshot for all, so the summaries add up to the rows even while documents are issued.
  const [rows, series, sac] = await db().$transaction(
    async (tx): Promise<[DocumentRow[], SeriesRow[], SacRow[]]> => [
      // Ordered and cut first, then joined to the bookings for their reference: with a limit, only
      // those rows' bookings are read.
      await tx.$queryRaw<DocumentRow[]>`
      SELECT d.cinema, d.kind, d.untaxed, d.number, d."issueDate", b.reference AS booking, d.invoice,
             d.gstin, d."placeOfSupply", d.taxable, d.cgst, d.sgst, d.total
      FROM (
        SELECT c.name AS cinema, c.id AS cinema_id, d.kind, d.untaxed, d.doc_number AS number,
               (d.issued_at AT TIME ZONE c.time_zone)::date AS "issueDate", d.booking_id,
               d.invoice_number AS invoice, d.gstin, d.place_of_supply AS "placeOfSupply",
               d.fiscal_year, d.number AS n,
               d.taxable_minor AS taxable, d.cgst_minor AS cgst, d.sgst_minor AS sgst, d.total_minor AS total
        FROM (${docs}) d JOIN cinemas c ON c.id = d.cinema_id
        ORDER BY c.name, c.id, "issueDate", d.kind, d.fiscal_year, d.number
        ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}
      ) d
      JOIN bookings b ON b.id = d.booking_id
      ORDER BY d.cinema, d.cinema_id, d."issueDate", d.kind, d.fiscal_year, d.n`,
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
      // Credit notes' lines are stored positive (what they reverse): subtracted here.
      // From gst_document_lines, the documents' lines as the database copied them when each was
      // issued (migration 20261210030000_gst_document_lines): a narrow table read by cinema and
      // issue time, not every document's jsonb expanded (1.1 s of 190,000 documents).
      await tx.$queryRaw<SacRow[]>`
      SELECT c.name AS cinema, g.supplier_gstin AS gstin, g.sac, min(g.description) AS description,
             g.tax_rate_bps AS rate_bps,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.quantity ELSE -g.quantity END) AS quantity,
             count(*) AS lines,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.taxable_minor ELSE -g.taxable_minor END) AS taxable,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.cgst_minor ELSE -g.cgst_minor END) AS cgst,
             sum(CASE WHEN g.credit_note_id IS NULL THEN g.sgst_minor ELSE -g.sgst_minor END) AS sgst
      FROM cinemas c
      JOIN gst_document_lines g ON g.cinema_id = c.id
      WHERE g.cinema_id = ANY(${ids}::uuid[])
        AND g.issued_at >= (${q.from}::date::timestamp AT TIME ZONE c.time_zone)
        AND g.issued_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE c.time_zone)
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
