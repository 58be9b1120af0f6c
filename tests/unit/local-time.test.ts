import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatTimeOfDay,
  isoWeekday,
  isoWeekOf,
  isValidIsoWeek,
  localDateAt,
  localMinuteAt,
  minutesSinceLocalMidnight,
  parseTimeOfDay,
  shiftWeek,
  weekDates,
  zonedInstant,
} from '@/lib/local-time';

describe('local time for programming', () => {
  it('turns local wall-clock times into instants and back, in India and in a zone with DST', () => {
    expect(zonedInstant('2026-12-24', 18 * 60 + 30, 'Asia/Kolkata').toISOString()).toBe(
      '2026-12-24T13:00:00.000Z',
    );
    // Past midnight: the next day.
    expect(zonedInstant('2026-12-24', 24 * 60 + 15, 'Asia/Kolkata').toISOString()).toBe(
      '2026-12-24T18:45:00.000Z',
    );
    // London: winter is UTC, summer UTC+1 (clocks went forward on 2026-03-29).
    expect(zonedInstant('2026-01-10', 600, 'Europe/London').toISOString()).toBe('2026-01-10T10:00:00.000Z');
    expect(zonedInstant('2026-07-10', 600, 'Europe/London').toISOString()).toBe('2026-07-10T09:00:00.000Z');
    const at = new Date('2026-12-24T20:00:00Z');
    expect([localDateAt(at, 'Asia/Kolkata'), localMinuteAt(at, 'Asia/Kolkata')]).toEqual(['2026-12-25', 90]);
    expect(minutesSinceLocalMidnight(at, '2026-12-24', 'Asia/Kolkata')).toBe(24 * 60 + 90);
  });

  it('counts ISO weeks and weekdays, across year ends', () => {
    expect(isoWeekday('2026-12-21')).toBe(1);
    expect(isoWeekday('2026-12-27')).toBe(7);
    expect(isoWeekOf('2026-12-24')).toBe('2026-W52');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(weekDates('2026-W53')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect([isValidIsoWeek('2026-W53'), isValidIsoWeek('2027-W53'), isValidIsoWeek('2026-W00')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('reads and writes HH:MM', () => {
    expect(parseTimeOfDay('09:05')).toBe(545);
    expect(formatTimeOfDay(545)).toBe('09:05');
    expect(formatTimeOfDay(24 * 60 + 30)).toBe('00:30');
  });
});
