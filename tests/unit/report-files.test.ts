import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/schemas/reports';
import { reportCsv, reportFilename, reportXlsx } from '@/server/reports/report-files';

const report: Report = {
  kind: 'promos',
  title: 'Promo code usage',
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
  });
});
