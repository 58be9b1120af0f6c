import 'server-only';
import {
  refreshReportsRequestSchema,
  reportKindParamsSchema,
  reportQuerySchema,
  reportSchema,
  reportViewQuerySchema,
  rollupStateSchema,
} from '@/lib/schemas/reports';
import { BODY_ERRORS, file, operation, XLSX_TYPE } from '@/server/api/operation';
import { getReport } from '@/server/reports/get-report';
import { refreshReportsByHand } from '@/server/reports/refresh-report-rollups';
import { reportCsv, reportFilename, reportXlsx } from '@/server/reports/report-files';

const KINDS_DOC =
  '`kind`: `occupancy-shows`, `occupancy-screens`, `occupancy-films`, `occupancy-day-parts` (matinee/evening/night by the cinema’s own evening and night start times), `revenue` (per show date and cinema: paid, fees, tax, net = paid − fees − tax, refunded), `refunds`, `promos`, `distributor` (admissions and net box office per film, film week (Friday–Thursday) and cinema), `gst` (the GST register: one row per tax invoice and credit note, credit notes negative, with CGST and SGST as the documents state them; `summary` per cinema, series and financial year with counts, first and last numbers and numbers missing; `sacSummary`, GSTR-1 Table 12: per cinema, GSTIN, SAC code and GST rate, quantity, document lines, taxable value, CGST, SGST and total, net of credit notes). Shows are chosen by their date in the cinema’s time zone, the GST register’s documents by their issue date in the cinema’s time zone; `from` and `to` inclusive (at most 400 days). Without `cinemaId`, every cinema the caller manages (admins: every cinema); a cinema they do not manage is 403. The numbers are as of `asOf`, the rollups’ last refresh (every minute); the GST register is read from the documents at `asOf`.';

const EXAMPLE_QUERY = { from: '2026-11-27', to: '2026-12-03' };

export const getReportOp = operation({
  operationId: 'getReport',
  method: 'get',
  path: '/api/v1/reports/{kind}',
  tag: 'Reports',
  summary: 'A report, as a table',
  description: `${KINDS_DOC} \`limit\` (1–10,000, optional) returns only the first rows, with \`rowsTotal\` the number of rows in the whole report and the totals and summaries over all of them; the downloads always carry every row. For managers and admins, after two-factor authentication.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: reportKindParamsSchema,
  query: reportViewQuerySchema,
  success: { status: 200, description: 'Columns, rows and totals.', schema: reportSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { kind: 'distributor' }, query: EXAMPLE_QUERY },
  handler: ({ params, query: { limit, ...query }, viewer }) =>
    getReport({ viewer, kind: params.kind, query, limit }),
});

export const downloadReportCsvOp = operation({
  operationId: 'downloadReportCsv',
  method: 'get',
  path: '/api/v1/reports/{kind}/export.csv',
  tag: 'Reports',
  summary: 'Download a report (CSV)',
  description: `The report as CSV: a header line, the rows, and a \`Total\` line; money in rupees as plain numbers (the GST register’s summary is not in it: see the JSON or the XLSX). ${KINDS_DOC}`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: reportKindParamsSchema,
  query: reportQuerySchema,
  success: {
    status: 200,
    description: 'The report as a CSV attachment.',
    contentType: 'text/csv',
    disposition: 'attachment; filename="marquee-distributor-2026-11-27-to-2026-12-03.csv"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { kind: 'distributor' }, query: EXAMPLE_QUERY },
  handler: async ({ params, query, viewer }) => {
    const report = await getReport({ viewer, kind: params.kind, query });
    return file(reportCsv(report), 'text/csv; charset=utf-8', reportFilename(report, 'csv'));
  },
});

export const downloadReportXlsxOp = operation({
  operationId: 'downloadReportXlsx',
  method: 'get',
  path: '/api/v1/reports/{kind}/export.xlsx',
  tag: 'Reports',
  summary: 'Download a report (XLSX)',
  description: `The report as an Excel workbook: its title, cinemas, range and freshness, then the table with a \`Total\` row; numbers and money (rupees) as numeric cells; the GST register’s summary as a second sheet. ${KINDS_DOC}`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: reportKindParamsSchema,
  query: reportQuerySchema,
  success: {
    status: 200,
    description: 'The report as an XLSX attachment.',
    contentType: XLSX_TYPE,
    disposition: 'attachment; filename="marquee-distributor-2026-11-27-to-2026-12-03.xlsx"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { kind: 'distributor' }, query: EXAMPLE_QUERY },
  handler: async ({ params, query, viewer }) => {
    const report = await getReport({ viewer, kind: params.kind, query });
    return file(await reportXlsx(report), XLSX_TYPE, reportFilename(report, 'xlsx'));
  },
});

export const refreshReportsOp = operation({
  operationId: 'refreshReports',
  method: 'post',
  path: '/api/v1/reports/refresh',
  tag: 'Reports',
  summary: 'Bring the reports up to date now',
  description:
    'Recomputes the rollups of every show whose bookings, tickets or refunds changed since the last refresh (a job does this every minute); `full: true` recomputes every show (admins only, 403 for managers). Audited. For managers and admins, after two-factor authentication.',
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  body: refreshReportsRequestSchema,
  success: {
    status: 200,
    description: 'When the rollups were refreshed, and how long it took.',
    schema: rollupStateSchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN'],
  example: { body: { full: false } },
  handler: ({ body, viewer }) => refreshReportsByHand({ viewer, full: body.full }),
});
