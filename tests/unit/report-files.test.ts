import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/schemas/reports';
import { reportCsv, reportFilename, reportXlsx } from '@/server/reports/report-files';

const report: Report = {
  kind: 'promos',
  title: 'Promo code usage',
  dateBasis: 'show',
  from: '2026-11-27',
  to: '2026-12-03',
  cinemas: [{ id: '0d6f1f5e-8c4b-4f7a-9a39-2f1d7c3b5a10', name: 'Regal, Colaba' }],
  currency: 'INR',
  columns: [
    { key: 'code', label: 'Code', type: 'text' },
    { key: 'description', label: 'Description', type: 'text' },
    { key: 'redemptions', label: 'Bookings', type: 'int' },
    { key: 'discount', label: 'Discount given', type: 'money' },
  ],
  rowsTotal: 2,
  rows: [
    { code: 'DIWALI', description: '10 %, "festive", two seats', redemptions: 3, discount: 15_050 },
    { code: 'EVIL', description: '=HYPERLINK("http://x")', redemptions: 1, discount: 2_500 },
  ],
  totals: { code: null, description: null, redemptions: 4, discount: 17_550 },
  asOf: '2026-12-03T11:32:00.000Z',
};

describe('report files', () => {
  it('write CSV with quoted text, money in rupees, formulas defused and a Total line', () => {
    expect(reportCsv(report).split('\r\n')).toEqual([
      'Code,Description,Bookings,Discount given',
      'DIWALI,"10 %, ""festive"", two seats",3,150.5',
      `EVIL,"'=HYPERLINK(""http://x"")",1,25`,
      'Total,,4,175.5',
      '',
    ]);
    expect(reportFilename(report, 'csv')).toBe('marquee-promos-2026-11-27-to-2026-12-03.csv');
  });

  it('write XLSX whose cells are numbers, with the same Total', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(report)).buffer as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Promo code usage');
    expect(sheet.getRow(4).values).toEqual([undefined, 'Code', 'Description', 'Bookings', 'Discount given']);
    expect(sheet.getRow(5).getCell(4).value).toBe(150.5);
    expect(sheet.getRow(7).values).toEqual([undefined, 'Total', undefined, 4, 175.5]);
    expect(book.worksheets).toHaveLength(1);
  });
});

const register: Report = {
  kind: 'gst',
  title: 'GST register (tax invoices and credit notes)',
  dateBasis: 'issue',
  from: '2026-11-01',
  to: '2026-11-30',
  cinemas: [{ id: '0d6f1f5e-8c4b-4f7a-9a39-2f1d7c3b5a10', name: 'Regal, Colaba' }],
  currency: 'INR',
  columns: [
    { key: 'cinema', label: 'Cinema', type: 'text' },
    { key: 'type', label: 'Document', type: 'text' },
    { key: 'number', label: 'Number', type: 'text' },
    { key: 'issueDate', label: 'Issue date', type: 'date' },
    { key: 'booking', label: 'Booking', type: 'text' },
    { key: 'invoice', label: 'Corrects invoice', type: 'text' },
    { key: 'taxable', label: 'Taxable value', type: 'money' },
    { key: 'cgst', label: 'CGST', type: 'money' },
    { key: 'sgst', label: 'SGST', type: 'money' },
    { key: 'total', label: 'Total', type: 'money' },
  ],
  rowsTotal: 2,
  rows: [
    {
      cinema: 'Regal, Colaba',
      type: 'Tax invoice',
      number: 'BOM1/2627/00001',
      issueDate: '2026-11-03',
      booking: 'MQ-7KX2PD',
      invoice: null,
      taxable: 50_000,
      cgst: 4_500,
      sgst: 4_500,
      total: 59_000,
    },
    {
      cinema: 'Regal, Colaba',
      type: 'Credit note',
      number: 'BOM1CN2627/00001',
      issueDate: '2026-11-04',
      booking: 'MQ-7KX2PD',
      invoice: 'BOM1/2627/00001',
      taxable: -25_000,
      cgst: -2_250,
      sgst: -2_250,
      total: -29_500,
    },
  ],
  totals: {
    cinema: null,
    type: null,
    number: null,
    issueDate: null,
    booking: null,
    invoice: null,
    taxable: 25_000,
    cgst: 2_250,
    sgst: 2_250,
    total: 29_500,
  },
  summary: {
    title: 'Summary per cinema',
    columns: [
      { key: 'cinema', label: 'Cinema', type: 'text' },
      { key: 'series', label: 'Documents', type: 'text' },
      { key: 'count', label: 'Count', type: 'int' },
      { key: 'first', label: 'First number', type: 'text' },
      { key: 'total', label: 'Total', type: 'money' },
    ],
    rows: [
      { cinema: 'Regal, Colaba', series: 'Invoices', count: 1, first: 'BOM1/2627/00001', total: 59_000 },
      {
        cinema: 'Regal, Colaba',
        series: 'Credit notes',
        count: 1,
        first: 'BOM1CN2627/00001',
        total: -29_500,
      },
      { cinema: 'Regal, Colaba', series: 'Net', count: null, first: null, total: 29_500 },
    ],
  },
  sacSummary: {
    title: 'Summary per SAC code and GST rate (GSTR-1 Table 12), net of credit notes',
    columns: [
      { key: 'cinema', label: 'Cinema', type: 'text' },
      { key: 'sac', label: 'SAC', type: 'text' },
      { key: 'rate', label: 'GST rate %', type: 'percent' },
      { key: 'quantity', label: 'Quantity (net)', type: 'int' },
      { key: 'taxable', label: 'Taxable value', type: 'money' },
      { key: 'total', label: 'Total', type: 'money' },
    ],
    rows: [
      { cinema: 'Regal, Colaba', sac: '999615', rate: 18, quantity: 2, taxable: 20_000, total: 23_600 },
      { cinema: 'Regal, Colaba', sac: '998599', rate: 18, quantity: 2, taxable: 5_000, total: 5_900 },
    ],
  },
  asOf: '2026-12-04T10:00:00.000Z',
};

describe('the GST register as files', () => {
  it('writes one CSV table: credit notes negative in rupees, the Total the net', () => {
    expect(reportCsv(register).split('\r\n')).toEqual([
      'Cinema,Document,Number,Issue date,Booking,Corrects invoice,Taxable value,CGST,SGST,Total',
      '"Regal, Colaba",Tax invoice,BOM1/2627/00001,2026-11-03,MQ-7KX2PD,,500,45,45,590',
      '"Regal, Colaba",Credit note,BOM1CN2627/00001,2026-11-04,MQ-7KX2PD,BOM1/2627/00001,-250,-22.5,-22.5,-295',
      'Total,,,,,,250,22.5,22.5,295',
      '',
    ]);
    expect(reportFilename(register, 'csv')).toBe('marquee-gst-2026-11-01-to-2026-11-30.csv');
  });

  it('writes the summary as a second XLSX sheet, and says the range is of issue dates', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(register)).buffer as ArrayBuffer);
    const [documents, summary] = book.worksheets;
    expect(String(documents!.getCell('A2').value)).toContain('issued from 2026-11-01 to 2026-11-30');
    expect(documents!.getRow(6).getCell(10).value).toBe(-295);
    expect(documents!.getRow(7).values).toEqual([
      undefined,
      'Total',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      250,
      22.5,
      22.5,
      295,
    ]);
    expect(summary!.name).toBe('Summary');
    expect(summary!.getRow(4).values).toEqual([
      undefined,
      'Cinema',
      'Documents',
      'Count',
      'First number',
      'Total',
    ]);
    expect(summary!.getRow(5).values).toEqual([
      undefined,
      'Regal, Colaba',
      'Invoices',
      1,
      'BOM1/2627/00001',
      590,
    ]);
    expect(summary!.getRow(6).getCell(5).value).toBe(-295);
    expect(summary!.getRow(7).values).toEqual([undefined, 'Regal, Colaba', 'Net', undefined, undefined, 295]);
  });

  it('writes the SAC-wise summary (GSTR-1 Table 12) as a third XLSX sheet, SAC codes as text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(register)).buffer as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['gst', 'Summary', 'SAC summary']);
    const sac = book.worksheets[2]!;
    expect(String(sac.getCell('A1').value)).toContain('GSTR-1 Table 12');
    expect(sac.getRow(4).values).toEqual([
      undefined,
      'Cinema',
      'SAC',
      'GST rate %',
      'Quantity (net)',
      'Taxable value',
      'Total',
    ]);
    expect(sac.getRow(5).values).toEqual([undefined, 'Regal, Colaba', '999615', 18, 2, 200, 236]);
    expect(sac.getRow(6).values).toEqual([undefined, 'Regal, Colaba', '998599', 18, 2, 50, 59]);
  });
});
