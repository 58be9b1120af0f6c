// Display helpers shared by server and client. Money arrives as integer minor units.

export const CINEMA_TIME_ZONE = 'Asia/Kolkata';

const moneyFormatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency = 'INR'): string {
  const whole = minor % 100 === 0;
  const key = `${currency}:${whole}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-IN', {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    });
    moneyFormatters.set(key, f);
  }
  return f.format(minor / 100);
}

export function formatTime(date: Date | string, timeZone = CINEMA_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-IN', {
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone,
  }).format(new Date(date));
}

export function formatDay(date: Date | string, timeZone = CINEMA_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-IN', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  }).format(new Date(date));
}

export function formatRuntime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}h ${m.toString().padStart(2, '0')}m` : `${m}m`;
}

const ORDINAL_SUFFIXES: Record<Intl.LDMLPluralRule, string> = {
  zero: 'th',
  one: 'st',
  two: 'nd',
  few: 'rd',
  many: 'th',
  other: 'th',
};
const ordinalRules = new Intl.PluralRules('en-IN', { type: 'ordinal' });

/** 1st, 2nd, 3rd, 4th, 11th, 21st…: a place in line. */
export function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIXES[ordinalRules.select(n)]}`;
}

/** YYYY-MM-DD of an instant in the cinema's time zone. */
export function localDate(date: Date, timeZone = CINEMA_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(date);
}

/** The UTC instants bounding a local calendar day. India has no DST, so the offset is fixed. */
export function localDayBounds(isoDate: string): { start: Date; end: Date } {
  const start = new Date(`${isoDate}T00:00:00+05:30`);
  return { start, end: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
}

export const FORMAT_LABELS: Record<string, string> = {
  TWO_D: '2D',
  THREE_D: '3D',
  IMAX: 'IMAX',
  FOUR_DX: '4DX',
};
/**
 * Why a search result is there, when its title does not say it: the cast member, the languages,
 * genres or formats searched for, or the story.
 */
export function searchMatchNote(r: {
  match: 'title' | 'cast' | 'language' | 'genre' | 'format' | 'synopsis';
  castName: string | null;
  languages: string[];
  genres: string[];
  formats: string[];
}): string | null {
  switch (r.match) {
    case 'cast':
      return r.castName ? `Starring ${r.castName}` : null;
    case 'language':
      return `In ${r.languages.join(', ')}`;
    case 'genre':
      return r.genres.join(', ');
    case 'format':
      return `In ${r.formats.map((f) => FORMAT_LABELS[f] ?? f).join(', ')}`;
    case 'synopsis':
      return 'Matched in the story';
    default:
      return null;
  }
}

export const CATEGORY_LABELS: Record<string, string> = {
  STANDARD: 'Standard',
  PREMIUM: 'Premium',
  RECLINER: 'Recliner',
};
