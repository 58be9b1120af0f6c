import 'server-only';
import ExcelJS from 'exceljs';
import type { Report, ReportCell, ReportColumn, ReportSummary } from '@/lib/schemas/reports';

// A report as a file: CSV (one header line, the rows, a Total line) and XLSX (a title, the range
// and freshness, then the same table with typed cells). Money is written in rupees as numbers, not
// formatted text, so a spreadsheet can add it up. A report's summary (the GST register's, per
// cinema) is a second sheet of the XLSX, and the GST register's SAC-wise summary (GSTR-1 Table 12) a third; the CSV stays one table, for software that imports it.

export function reportFilename(report: Report, extension: 'csv' | 'xlsx'): string {
  return `marquee-${report.kind}-${report.from}-to-${report.to}.${extension}`;
}

function value(column: ReportColumn, cell: ReportCell): string | number | null {
  if (cell === null || cell === undefined) return null;
  if (column.type === 'money') return Number(cell) / 100;
  return cell;
}

// A spreadsheet runs a cell that starts with = + - @ as a formula (CSV injection): a film title or
// promo description is text, so such text is quoted with a leading apostrophe.
function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The totals, labelled in the first column (always a text or date column, never summed). */
function totalsRow(report: Report): Record<string, ReportCell> {
  const first = report.columns[0];
  return first ? { ...report.totals, [first.key]: 'Total' } : report.totals;
}

export function reportCsv(report: Report): string {
  const lines = [report.columns.map((c) => csvField(c.label)).join(',')];
  const line = (row: Record<string, ReportCell>) =>
    report.columns.map((c) => csvField(value(c, row[c.key] ?? null))).join(',');
  for (const row of report.rows) lines.push(line(row));
  lines.push(line(totalsRow(report)));
  return `${lines.join('\r\n')}\r\n`;
}

const NUMBER_FORMATS: Partial<Record<ReportColumn['type'], string>> = {
  money: '#,##0.00',
  int: '#,##0',
  percent: '0.0',
};

function widths(sheet: ExcelJS.Worksheet, columns: ReportColumn[]): void {
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(10, c.label.length + 2);
    const format = NUMBER_FORMATS[c.type];
    if (format) column.numFmt = format;
  });
}

function summarySheet(book: ExcelJS.Workbook, report: Report, summary: ReportSummary, name: string): void {
  const sheet = book.addWorksheet(name);
  sheet.addRow([summary.title]).font = { bold: true, size: 14 };
  sheet.addRow([rangeLine(report)]);
  sheet.addRow([]);
  sheet.addRow(summary.columns.map((c) => c.label)).font = { bold: true };
  for (const row of summary.rows) sheet.addRow(summary.columns.map((c) => value(c, row[c.key] ?? null)));
  widths(sheet, summary.columns);
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
}

function rangeLine(report: Report): string {
  const basis = report.dateBasis === 'issue' ? 'issued' : 'shows';
  const freshness = report.asOf ? `as of ${report.asOf}` : 'not refreshed yet';
  return `${report.cinemas.map((c) => c.name).join(', ') || 'No cinemas'} · ${basis} from ${report.from} to ${
    report.to
  } · ${freshness} · money in ${report.currency}`;
}

export async function reportXlsx(report: Report): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Marquee';
  const sheet = book.addWorksheet(report.kind);
  sheet.addRow([report.title]).font = { bold: true, size: 14 };
  sheet.addRow([rangeLine(report)]);
  sheet.addRow([]);
  const header = sheet.addRow(report.columns.map((c) => c.label));
  header.font = { bold: true };
  for (const row of report.rows) sheet.addRow(report.columns.map((c) => value(c, row[c.key] ?? null)));
  const total = totalsRow(report);
  const totals = sheet.addRow(report.columns.map((c) => value(c, total[c.key] ?? null)));
  totals.font = { bold: true };
  widths(sheet, report.columns);
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  if (report.summary) summarySheet(book, report, report.summary, 'Summary');
  if (report.sacSummary) summarySheet(book, report, report.sacSummary, 'SAC summary');
  return new Uint8Array(await book.xlsx.writeBuffer());
}
