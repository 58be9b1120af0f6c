import { z } from 'zod';

// Reports (issue 14.3): what may be asked for and what comes back, shared by the page, the
// actions and the REST operations. Every report is one table: typed columns, rows, a totals row.

export const REPORT_KINDS = [
  'occupancy-shows',
  'occupancy-screens',
  'occupancy-films',
  'occupancy-day-parts',
  'revenue',
  'refunds',
  'promos',
  'distributor',
  'gst',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_TITLES: Record<ReportKind, string> = {
  'occupancy-shows': 'Occupancy by show',
  'occupancy-screens': 'Occupancy by screen',
  'occupancy-films': 'Occupancy by film',
  'occupancy-day-parts': 'Occupancy by part of the day',
  revenue: 'Revenue (net of fee and tax)',
  refunds: 'Refunds',
  promos: 'Promo code usage',
  distributor: 'Distributor report (film weeks, Friday–Thursday)',
  gst: 'GST register (tax invoices and credit notes)',
};

/**
 * What `from` and `to` choose: every report counts shows by their date, except the GST register,
 * which lists documents by the date they were issued (a refund months after the show is filed in
 * the month of its credit note). Both in each cinema's own time zone.
 */
export const REPORT_DATE_BASIS: Record<ReportKind, 'show' | 'issue'> = {
  'occupancy-shows': 'show',
  'occupancy-screens': 'show',
  'occupancy-films': 'show',
  'occupancy-day-parts': 'show',
  revenue: 'show',
  refunds: 'show',
  promos: 'show',
  distributor: 'show',
  gst: 'issue',
};

/** The longest range one report covers: a year and a bit (a financial year with its edges). */
export const MAX_REPORT_DAYS = 400;

const isoDate = z.iso.date();

export const reportKindParamsSchema = z.object({ kind: z.enum(REPORT_KINDS) });

const reportRange = {
  /** First show date (GST register: issue date), in each cinema's own time zone (inclusive). */
  from: isoDate,
  /** Last show date (GST register: issue date), inclusive. */
  to: isoDate,
  /** One cinema; none: every cinema the caller manages (admins: every cinema). */
  cinemaId: z.uuid().optional(),
};

function withRangeRules<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((q) => q.from <= q.to, { message: 'The range must end on or after its first day', path: ['to'] })
    .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
      message: `At most ${MAX_REPORT_DAYS} days at a time`,
      path: ['to'],
    });
}

/** What the downloads take: they always carry every row (an accountant files them). */
export const reportQuerySchema = withRangeRules(z.object(reportRange));
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The most rows one JSON answer holds when `limit` is given. */
export const MAX_REPORT_ROW_LIMIT = 10_000;

/** What the JSON answer takes: the range and, optionally, how many rows to return. */
export const reportViewQuerySchema = withRangeRules(
  z.object({
    ...reportRange,
    /**
     * Return only the first `limit` rows (in the report's order); `rowsTotal` says how many there
     * are, and the totals and summaries still cover all of them. Without it, every row. The GST
     * register then reads only those rows from the database: over a big range, ask for the first
     * page here and download the CSV or XLSX for all of them.
     */
    limit: z.coerce.number().int().min(1).max(MAX_REPORT_ROW_LIMIT).optional(),
  }),
);
export type ReportViewQuery = z.infer<typeof reportViewQuerySchema>;

export const reportColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** money: integer minor units; percent: 0–100 with one decimal; date: YYYY-MM-DD. */
  type: z.enum(['text', 'int', 'money', 'percent', 'date']),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;

const cellSchema = z.union([z.string(), z.number(), z.null()]);
export type ReportCell = z.infer<typeof cellSchema>;

/** A second, smaller table some reports carry (the GST register: its summary per cinema). */
export const reportSummarySchema = z.object({
  title: z.string(),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), cellSchema)),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const reportSchema = z.object({
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  /** Whether from and to are show dates or the documents' issue dates (REPORT_DATE_BASIS). */
  dateBasis: z.enum(['show', 'issue']),
  from: isoDate,
  to: isoDate,
  cinemas: z.array(z.object({ id: z.uuid(), name: z.string() })),
  currency: z.string(),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), cellSchema)),
  /** Sums of the numeric columns (percentages recomputed from the sums); text columns null. */
  totals: z.record(z.string(), cellSchema),
  /**
   * How many rows the report has; `rows` holds them all unless `limit` asked for fewer (then the
   * first `limit`).
   */
  rowsTotal: z.number().int().nonnegative(),
  summary: reportSummarySchema.optional(),
  /**
   * The GST register only: its HSN/SAC-wise summary (GSTR-1 Table 12) per cinema, GSTIN, SAC code
   * and GST rate: description, quantity, number of document lines, taxable value, CGST, SGST and
   * total, net of credit notes (a credit note's lines reduce the SAC and rate they reverse).
   */
  sacSummary: reportSummarySchema.optional(),
  /**
   * Everything committed before this instant is in the numbers (null: never refreshed). The GST
   * register reads the documents themselves: the moment it was read.
   */
  asOf: z.iso.datetime().nullable(),
});
export type Report = z.infer<typeof reportSchema>;

export const rollupStateSchema = z.object({
  refreshedAt: z.iso.datetime().nullable(),
  showtimesRefreshed: z.number().int(),
  durationMs: z.number().int(),
});
export type RollupState = z.infer<typeof rollupStateSchema>;

export const refreshReportsRequestSchema = z.object({
  /** Recompute every showtime, not only those changed since the last refresh. */
  full: z.boolean().default(false),
});
