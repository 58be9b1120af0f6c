import { MovieFormat, type SeatCategory } from '@/prisma/generated/enums';
import type { FilmSeed } from './films';
import type { ScreenTemplate } from './screens';

// Pure helpers for the seed: a deterministic PRNG, India-time arithmetic, and a programmer
// that fills each screen's day with back-to-back shows that never overlap.

// ─── Deterministic randomness ────────────────────────────────────────────────

/** mulberry32: tiny, fast, and good enough to make seed data look hand-picked yet reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick from an empty list');
    return item;
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const weights = items.map(weight);
    const total = weights.reduce((sum, w) => sum + w, 0);
    let roll = this.next() * total;
    for (const [i, item] of items.entries()) {
      roll -= weights[i] ?? 0;
      if (roll < 0) return item;
    }
    return this.pick(items);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

// ─── India time ──────────────────────────────────────────────────────────────

// Asia/Kolkata is UTC+05:30 all year (India has no daylight saving), so a fixed offset gives
// exact local wall-clock times without a time-zone database.
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Local calendar date in India, as the UTC midnight of that date. */
export function istDay(now: Date): number {
  const local = now.getTime() + IST_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The instant of a local India wall-clock time `minute` minutes after midnight of day `dayOffset`. */
export function istInstant(today: number, dayOffset: number, minute: number): Date {
  return new Date(today + dayOffset * DAY_MS + minute * MINUTE_MS - IST_OFFSET_MS);
}

/** A local calendar date for a @db.Date column (Prisma stores its UTC date part). */
export function istDate(today: number, dayOffset: number): Date {
  return new Date(today + dayOffset * DAY_MS);
}

// ─── Prices ──────────────────────────────────────────────────────────────────

// Money stays in integer paise: every step rounds back to a whole number, and final prices are
// whole rupees-tens, as box offices print them.
const FORMAT_SURCHARGE_MINOR: Record<MovieFormat, number> = {
  TWO_D: 0,
  THREE_D: 5_000, // glasses
  IMAX: 15_000,
  FOUR_DX: 20_000,
};
const EVENING_FROM_MINUTE = 18 * 60;
const EVENING_BPS = 11_200;

function applyBps(amountMinor: number, bps: number): number {
  return Math.round((amountMinor * bps) / 10_000);
}

function toTenRupees(amountMinor: number): number {
  return Math.round(amountMinor / 1_000) * 1_000;
}

export type ShowPrice = { category: SeatCategory; priceMinor: number };

function showPrices(
  prices: ScreenTemplate['prices'],
  categories: readonly SeatCategory[],
  format: MovieFormat,
  startMinute: number,
): ShowPrice[] {
  const surcharge = FORMAT_SURCHARGE_MINOR[format];
  const standard = prices.standardMinor + surcharge;
  const base: Record<SeatCategory, number> = {
    STANDARD: standard,
    PREMIUM: applyBps(standard, prices.premiumBps),
    // Recliner tickets are sold on comfort, not format; only 3D glasses are added.
    RECLINER: prices.reclinerMinor + (format === MovieFormat.THREE_D ? surcharge : 0),
  };
  const evening = startMinute >= EVENING_FROM_MINUTE;
  return categories.map((category) => {
    const amount = evening ? applyBps(base[category], EVENING_BPS) : base[category];
    return { category, priceMinor: toTenRupees(amount) };
  });
}

// ─── Programming ─────────────────────────────────────────────────────────────

const TRAILERS_MINUTES = 15;
const FIRST_SHOW_MINUTE = 9 * 60;
const LAST_START_MINUTE = 22 * 60 + 30;
const FIRST_SHOW_OFFSETS = [0, 10, 15, 30, 45] as const;

export type ScheduleFilm = Pick<
  FilmSeed,
  'slug' | 'languages' | 'formats' | 'runtimeMinutes' | 'releaseInDays' | 'popularity' | 'genres'
> & { id: string };

export type ScheduleScreen = {
  id: string;
  formats: readonly MovieFormat[];
  cleaningMinutes: number;
  prices: ScreenTemplate['prices'];
  categories: readonly SeatCategory[];
};

export type ShowDraft = {
  id: string;
  movieId: string;
  screenId: string;
  startsAt: Date;
  endsAt: Date;
  busyUntil: Date;
  language: string;
  format: MovieFormat;
  prices: ShowPrice[];
};

export type ScheduleContext = {
  rng: Rng;
  today: number;
  languageWeights: Record<string, number>;
  newId: () => string;
};

const roundUpTo5 = (minute: number): number => Math.ceil(minute / 5) * 5;

function formatsFor(film: ScheduleFilm, screen: ScheduleScreen): MovieFormat[] {
  return film.formats.filter((f) => screen.formats.includes(f));
}

// The premium format the screen was built for wins; 3D is offered on about half the shows.
function chooseFormat(rng: Rng, options: readonly MovieFormat[]): MovieFormat {
  if (options.includes(MovieFormat.IMAX)) return MovieFormat.IMAX;
  if (options.includes(MovieFormat.FOUR_DX)) return MovieFormat.FOUR_DX;
  if (options.includes(MovieFormat.THREE_D) && (!options.includes(MovieFormat.TWO_D) || rng.chance(0.5))) {
    return MovieFormat.THREE_D;
  }
  return options[0] ?? MovieFormat.TWO_D;
}

function languageWeight(ctx: ScheduleContext, language: string): number {
  return ctx.languageWeights[language] ?? 0.5;
}

// How much a city wants a film: its original language matters most, but a dub in the local
// language makes a pan-India release playable anywhere.
function cityAffinity(ctx: ScheduleContext, film: ScheduleFilm): number {
  const original = languageWeight(ctx, film.languages[0] ?? '');
  const best = Math.max(...film.languages.map((l) => languageWeight(ctx, l)));
  return 0.6 * original + 0.4 * best;
}

function filmWeight(
  ctx: ScheduleContext,
  film: ScheduleFilm,
  screen: ScheduleScreen,
  day: number,
  startMinute: number,
  previous: string | undefined,
): number {
  let weight = film.popularity * cityAffinity(ctx, film);
  if (screen.formats.includes(MovieFormat.IMAX) && film.formats.includes(MovieFormat.IMAX)) weight *= 6;
  if (day - film.releaseInDays < 7) weight *= 1.5; // opening week
  if (film.id === previous) weight *= 0.25;
  if (film.genres.includes('Family')) weight *= startMinute < 15 * 60 ? 2 : startMinute >= 20 * 60 ? 0.2 : 1;
  if (film.genres.includes('Horror') && startMinute < 15 * 60) weight *= 0.3;
  return weight;
}

function chooseLanguage(ctx: ScheduleContext, film: ScheduleFilm): string {
  return ctx.rng.weighted(film.languages, (l) => languageWeight(ctx, l) * (l === film.languages[0] ? 2 : 1));
}

// IMAX and 4DX auditoriums are kept for the films made for them; every other screen takes
// its share of the catalogue.
function isMainstream(screen: ScheduleScreen): boolean {
  return !screen.formats.includes(MovieFormat.IMAX) && !screen.formats.includes(MovieFormat.FOUR_DX);
}

type ScreenDay = { screen: ScheduleScreen; minute: number; previous?: string };

function nextShow(
  ctx: ScheduleContext,
  slot: ScreenDay,
  films: readonly ScheduleFilm[],
  day: number,
  uncovered: ReadonlySet<string>,
): ShowDraft | undefined {
  const { screen, minute: start } = slot;
  const playable = films.filter((f) => formatsFor(f, screen).length > 0);
  // A film nobody in the city has programmed today jumps the queue, so every film in release
  // plays in every city every day and each city's "now showing" list is the whole release slate.
  const owed = isMainstream(screen) ? playable.filter((f) => uncovered.has(f.id)) : [];
  const candidates = owed.length > 0 ? owed : playable;
  if (candidates.length === 0) return undefined;
  const film = ctx.rng.weighted(candidates, (f) => filmWeight(ctx, f, screen, day, start, slot.previous));
  const format = chooseFormat(ctx.rng, formatsFor(film, screen));
  const endMinute = start + film.runtimeMinutes + TRAILERS_MINUTES;
  const busyMinute = endMinute + screen.cleaningMinutes;
  slot.previous = film.id;
  slot.minute = roundUpTo5(busyMinute);
  return {
    id: ctx.newId(),
    movieId: film.id,
    screenId: screen.id,
    startsAt: istInstant(ctx.today, day, start),
    endsAt: istInstant(ctx.today, day, endMinute),
    busyUntil: istInstant(ctx.today, day, busyMinute),
    language: chooseLanguage(ctx, film),
    format,
    prices: showPrices(screen.prices, screen.categories, format, start),
  };
}

/**
 * One city's programme for one local day. Screens are filled together in time order (whichever
 * screen frees up first books its next show), from ~09:00 until the last start at 22:30; each
 * next show on a screen starts on a 5-minute mark at or after the previous one's busyUntil.
 */
function scheduleCityDay(
  ctx: ScheduleContext,
  screens: readonly ScheduleScreen[],
  films: readonly ScheduleFilm[],
  day: number,
): ShowDraft[] {
  const released = films.filter((f) => f.releaseInDays <= day);
  const uncovered = new Set(released.map((f) => f.id));
  const slots: ScreenDay[] = screens.map((screen) => ({
    screen,
    minute: FIRST_SHOW_MINUTE + ctx.rng.pick(FIRST_SHOW_OFFSETS),
  }));
  const shows: ShowDraft[] = [];
  for (;;) {
    const open = slots.filter((s) => s.minute <= LAST_START_MINUTE);
    const slot = open.reduce<ScreenDay | undefined>((a, b) => (a && a.minute <= b.minute ? a : b), undefined);
    if (!slot) break;
    const show = nextShow(ctx, slot, released, day, uncovered);
    if (!show) {
      slot.minute = Number.POSITIVE_INFINITY;
      continue;
    }
    uncovered.delete(show.movieId);
    shows.push(show);
  }
  return shows;
}

/**
 * `days` days of shows for one city's screens, starting with local today. Shows that already
 * started before `now` are dropped (the randomness is drawn regardless, so the rest of the
 * programme does not depend on the time of day the seed runs).
 */
export function scheduleCity(
  ctx: ScheduleContext,
  screens: readonly ScheduleScreen[],
  films: readonly ScheduleFilm[],
  days: number,
  now: Date,
): ShowDraft[] {
  const shows: ShowDraft[] = [];
  for (let day = 0; day < days; day++) shows.push(...scheduleCityDay(ctx, screens, films, day));
  return shows.filter((s) => s.startsAt >= now);
}
