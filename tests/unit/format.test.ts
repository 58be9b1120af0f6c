import { describe, expect, it } from 'vitest';
import { formatMoney, formatRuntime, localDate, localDayBounds, ordinal } from '@/lib/format';

describe('display formatting', () => {
  it('formats paise as rupees with Indian digit grouping', () => {
    expect(formatMoney(35_000)).toBe('₹350');
    expect(formatMoney(12_345_600)).toBe('₹1,23,456');
    expect(formatMoney(35_050)).toBe('₹350.50');
    expect(formatMoney(0)).toBe('₹0');
  });

  it('says a place in line as an ordinal', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal).join(' ')).toBe(
      '1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th',
    );
  });

  it('formats runtimes', () => {
    expect(formatRuntime(148)).toBe('2h 28m');
    expect(formatRuntime(45)).toBe('45m');
  });

  it('computes the local (IST) calendar day of an instant, and its bounds', () => {
    // 20:00 UTC is 01:30 the next day in India.
    expect(localDate(new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-23');
    const { start, end } = localDayBounds('2026-11-23');
    expect(start.toISOString()).toBe('2026-11-22T18:30:00.000Z');
    expect(end.getTime() - start.getTime()).toBe(86_400_000);
  });
});
