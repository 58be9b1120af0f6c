// Wall-clock arithmetic in a cinema's own time zone (cities.time_zone), for programming: local
// dates ('YYYY-MM-DD'), minutes after local midnight, ISO weeks ('2026-W50'). Dates are plain
// strings; instants are Dates. Offsets come from Intl, so a zone with daylight saving works too
// (every demo city is in India, which has none). Safe on both sides.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const clocks = new Map<string, Intl.DateTimeFormat>();

function clock(timeZone: string): Intl.DateTimeFormat {
  let c = clocks.get(timeZone);
  if (!c) {
    c = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, c);
  }
  return c;
}

type Parts = { date: string; minute: number; second: number };

function partsOf(at: Date, timeZone: string): Parts {
  const parts = clock(timeZone).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
    second: Number(get('second')),
  };
}

/** Days since 1970-01-01 of a local date: a number to count and rotate with. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The local date of an instant. */
export function localDateAt(at: Date, timeZone: string): string {
  return partsOf(at, timeZone).date;
}

/** Minutes after local midnight of an instant (0–1439). */
export function localMinuteAt(at: Date, timeZone: string): number {
  return partsOf(at, timeZone).minute;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const p = partsOf(at, timeZone);
  const wall = Date.parse(`${p.date}T00:00:00Z`) + p.minute * MINUTE_MS + p.second * 1000;
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant of local wall-clock time `minute` (may exceed 1440: the next day) on `date`. In a
 * spring-forward gap the wall-clock time does not exist; the instant an hour later is returned.
 */
export function zonedInstant(date: string, minute: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * MINUTE_MS;
  // Two rounds settle the offset at the target (one is enough away from a transition).
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** Minutes from `date`'s local midnight to an instant (more than 1440 on a later day). */
export function minutesSinceLocalMidnight(at: Date, date: string, timeZone: string): number {
  return Math.round((at.getTime() - zonedInstant(date, 0, timeZone).getTime()) / MINUTE_MS);
}

/** 'HH:MM' → minutes after midnight. */
export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes after midnight → 'HH:MM' (24-hour). */
export function formatTimeOfDay(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The ISO week ('2026-W50') a local date is in. */
export function isoWeekOf(date: string): string {
  const n = dayNumber(date);
  // The week's Thursday decides its year.
  const thursday = n - isoWeekday(date) + 4;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const firstThursdayOfYear = (() => {
    const jan4 = dayNumber(`${year}-01-04`);
    return jan4 - isoWeekday(`${year}-01-04`) + 4;
  })();
  const week = Math.floor((thursday - firstThursdayOfYear) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The seven local dates (Monday first) of an ISO week such as '2026-W50'. */
export function weekDates(week: string): string[] {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const jan4 = `${year}-01-04`;
  const monday = dayNumber(jan4) - isoWeekday(jan4) + 1 + (Number(match[2]) - 1) * 7;
  return Array.from({ length: 7 }, (_, i) => dateOfDayNumber(monday + i));
}

/** Whether an ISO week label names a week that exists (W53 only in long years). */
export function isValidIsoWeek(week: string): boolean {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return false;
  const n = Number(match[2]);
  if (n < 1 || n > 53) return false;
  return isoWeekOf(weekDates(week)[0] as string) === week;
}

export function shiftWeek(week: string, weeks: number): string {
  return isoWeekOf(addDays(weekDates(week)[0] as string, weeks * 7));
}
