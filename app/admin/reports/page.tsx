import type { Metadata } from 'next';
import Link from 'next/link';
import { RefreshReportsButton } from '@/components/admin/refresh-reports-button';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { formatMoney, formatTime, localDate } from '@/lib/format';
import {
  REPORT_KINDS,
  REPORT_TITLES,
  type Report,
  type ReportCell,
  type ReportColumn,
  type ReportSummary,
  reportKindParamsSchema,
  reportQuerySchema,
} from '@/lib/schemas/reports';
import { refreshReportsAction } from '@/server/actions/reports';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getReport, reportCinemas } from '@/server/reports/get-report';

export const metadata: Metadata = { title: 'Reports · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Rows shown on the page; the downloads carry all of them. */
const SHOWN_ROWS = 500;

const field =
  'min-h-9 w-full rounded-md border border-stone-300 bg-white px-2 text-sm dark:border-ink-700 dark:bg-ink-900';

const dayFormat = new Intl.DateTimeFormat('en-IN', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function cellText(column: ReportColumn, value: ReportCell, currency: string): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'money') return formatMoney(Number(value), currency);
  if (column.type === 'percent') return `${Number(value).toFixed(1)} %`;
  if (column.type === 'int') return Number(value).toLocaleString('en-IN');
  if (column.type === 'date') return dayFormat.format(new Date(`${value}T00:00:00Z`));
  return String(value);
}

const numeric = (c: ReportColumn) => c.type !== 'text' && c.type !== 'date';

type TableProps = {
  table: ReportSummary;
  currency: string;
  /** The totals row; none for a summary, whose rows are totals already. */
  totals?: Report['totals'];
};

function ReportTable({ table, currency, totals }: TableProps) {
  const rows = table.rows.slice(0, SHOWN_ROWS);
  const first = table.columns[0]?.key;
  return (
    // The table scrolls within its own region on a narrow screen (the page itself never does).
    <section
      aria-label={`Table: ${table.title}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll it with the keyboard
      tabIndex={0}
      className="max-w-full overflow-x-auto rounded-lg border dark:border-ink-700"
    >
      <table className="min-w-full text-sm">
        <caption className="sr-only">{table.title}</caption>
        <thead className="bg-stone-100 dark:bg-ink-800">
          <tr>
            {table.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={`px-3 py-2 font-semibold ${numeric(c) ? 'text-right' : 'text-left'}`}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: report rows have no identity of their own
            <tr key={i} className="border-t border-stone-200 dark:border-ink-700">
              {table.columns.map((c) => (
                <td
                  key={c.key}
                  className={`px-3 py-1.5 whitespace-nowrap ${numeric(c) ? 'text-right tabular-nums' : ''}`}
                >
                  {cellText(c, row[c.key] ?? null, currency)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot className="border-t-2 border-stone-400 font-semibold dark:border-ink-600">
            <tr>
              {table.columns.map((c) => (
                <td
                  key={c.key}
                  className={`px-3 py-2 whitespace-nowrap ${numeric(c) ? 'text-right tabular-nums' : ''}`}
                >
                  {c.key === first ? 'Total' : cellText(c, totals[c.key] ?? null, currency)}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </section>
  );
}

// Reports for managers (their cinemas) and admins: choose a report, a range of show dates and a
// cinema; the numbers come from rollups refreshed every minute, and say how fresh they are. The
// GST register is the exception: documents by issue date, read as they are.
export default async function ReportsPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/reports');
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const today = localDate(new Date());
  const monthAgo = localDate(new Date(Date.now() - 29 * 86_400_000));
  const kind = reportKindParamsSchema.safeParse({ kind: one('kind') }).data?.kind ?? 'revenue';
  const asked = {
    from: one('from') ?? monthAgo,
    to: one('to') ?? today,
    cinemaId: one('cinemaId') || undefined,
  };
  const parsed = reportQuerySchema.safeParse(asked);
  const cinemas = await reportCinemas(viewer, undefined);
  const query = parsed.success ? parsed.data : { from: monthAgo, to: today };
  // Only the rows shown are read (the GST register over a big range has hundreds of thousands);
  // the totals and summaries cover them all, and the downloads carry every row.
  const report = await getReport({ viewer, kind, query, limit: SHOWN_ROWS });
  const search = new URLSearchParams({ from: query.from, to: query.to });
  if (query.cinemaId) search.set('cinemaId', query.cinemaId);
  const live = report.dateBasis === 'issue';
  const asOf = report.asOf
    ? `As of ${formatTime(report.asOf)} on ${localDate(new Date(report.asOf))}`
    : 'Not computed yet';
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinema admin
        </Link>
        <h1 className="font-display text-3xl font-bold">Reports</h1>
        <p className="max-w-2xl text-stone-600 dark:text-stone-400">
          Shows are counted on their date in the cinema’s own time zone. Net is what customers paid less
          booking fees and tax; the distributor report’s film weeks run Friday to Thursday.
        </p>
        <p className="max-w-2xl text-stone-600 dark:text-stone-400">
          The GST register lists every tax invoice and credit note by the date it was issued (also in the
          cinema’s time zone), not the date of the show; credit notes are negative, so its totals are net.
        </p>
      </header>

      <form
        method="get"
        action="/admin/reports"
        className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-5 dark:border-ink-700"
      >
        <label className="space-y-1 text-sm lg:col-span-2">
          <span className="font-medium">Report</span>
          <select name="kind" defaultValue={kind} className={field}>
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {REPORT_TITLES[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="font-medium">From</span>
          <input
            type="date"
            name="from"
            defaultValue={query.from}
            className={field}
            aria-describedby="report-dates-hint"
            required
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="font-medium">to</span>
          <input
            type="date"
            name="to"
            defaultValue={query.to}
            className={field}
            aria-describedby="report-dates-hint"
            required
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="font-medium">Cinema</span>
          <select name="cinemaId" defaultValue={query.cinemaId ?? ''} className={field}>
            <option value="">{viewer.role === 'ADMIN' ? 'Every cinema' : 'All my cinemas'}</option>
            {cinemas.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <p
          id="report-dates-hint"
          className="text-sm text-stone-600 sm:col-span-2 lg:col-span-5 dark:text-stone-400"
        >
          Show dates, both days included; for the GST register, the dates the invoices and credit notes were
          issued.
        </p>
        <div className="sm:col-span-2 lg:col-span-5">
          <button type="submit" className={primaryButton}>
            Show report
          </button>
        </div>
      </form>
      {parsed.success ? null : (
        <p
          role="alert"
          className="rounded-md border border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300"
        >
          {parsed.error.issues[0]?.message ?? 'Those dates do not make a range'}: showing the last 30 days
          instead.
        </p>
      )}

      <section aria-labelledby="report-title" className="space-y-3">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="min-w-0 space-y-1">
            <h2 id="report-title" className="font-display text-xl font-bold">
              {report.title}
            </h2>
            <p className="text-sm text-stone-600 dark:text-stone-400">
              {report.cinemas.map((c) => c.name).join(', ') || 'No cinemas'} · {live ? 'issued ' : ''}
              {query.from} to {query.to} · <span data-testid="report-as-of">{asOf}</span>{' '}
              {live ? '(read from the documents themselves)' : '(brought up to date every minute)'}
            </p>
          </div>
          <div className="flex flex-wrap items-start gap-2">
            <a href={`/api/v1/reports/${kind}/export.csv?${search}`} download className={buttonBase}>
              Download CSV
            </a>
            <a href={`/api/v1/reports/${kind}/export.xlsx?${search}`} download className={buttonBase}>
              Download XLSX
            </a>
            {live ? null : <RefreshReportsButton refresh={refreshReportsAction} />}
          </div>
        </div>
        {report.rowsTotal === 0 ? (
          <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
            {live
              ? 'No invoice or credit note was issued on these dates: try a wider range or another cinema.'
              : 'Nothing to report for these shows: try a wider range of dates or another cinema.'}
          </p>
        ) : (
          <>
            {report.summary ? (
              <div className="space-y-2">
                <h3 className="font-semibold">Summary per cinema</h3>
                <p className="text-sm text-stone-600 dark:text-stone-400">
                  Numbers run without gaps per cinema and financial year; “Numbers missing” counts those
                  between the first and the last that are not in this range.
                </p>
                <ReportTable table={report.summary} currency={report.currency} />
              </div>
            ) : null}
            {report.sacSummary ? (
              <div className="space-y-2">
                <h3 className="pt-2 font-semibold">Summary per SAC code (GSTR-1 Table 12)</h3>
                <p className="text-sm text-stone-600 dark:text-stone-400">
                  Per cinema and GSTIN, each SAC code at each GST rate, net of credit notes. A credit note
                  that reverses only part of a line states no quantity, so the quantity counts the seats of
                  whole reversals only.
                </p>
                <ReportTable table={report.sacSummary} currency={report.currency} />
              </div>
            ) : null}
            {report.summary ? <h3 className="pt-2 font-semibold">Documents</h3> : null}
            <ReportTable table={report} currency={report.currency} totals={report.totals} />
            {report.rowsTotal > report.rows.length ? (
              <p className="text-sm text-stone-600 dark:text-stone-400">
                The first {report.rows.length.toLocaleString('en-IN')} of{' '}
                {report.rowsTotal.toLocaleString('en-IN')} rows (the totals cover them all); download the
                report for every row.
              </p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
