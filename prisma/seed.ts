import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Prisma, PrismaClient } from '@/prisma/generated/client';
import { Role } from '@/prisma/generated/enums';
import { hashPassword } from '@/server/auth/password';
import { createPrisma } from '@/server/db';
import { accessibleShowings, firstScreenAccessSlots } from './seed-data/accessible-showings';
import { DEMO_ACCOUNTS, REVIEWERS } from './seed-data/accounts';
import { FILMS, type FilmSeed } from './seed-data/films';
import { CINEMAS, CITIES } from './seed-data/places';
import { PRICING_RULES, PROMO_CODES, PROMO_VALID_DAYS } from './seed-data/promotions';
import { REVIEW_TEXTS, type ReviewText } from './seed-data/reviews';
import {
  EVENING_FROM_MINUTE,
  FIRST_SHOW_MINUTE,
  istDate,
  istDay,
  istInstant,
  LAST_START_MINUTE,
  priceCardOf,
  Rng,
  type ScheduleContext,
  type ScheduleFilm,
  type ScheduleScreen,
  type ShowDraft,
  scheduleCity,
} from './seed-data/schedule';
import { buildScreen, SCREEN_TEMPLATES, type ScreenTemplateKey } from './seed-data/screens';

// Demo data for a fresh database: three cities, six cinemas, a fortnight of showtimes, demo
// accounts, pricing rules, promo codes and reviews. Safe to run on every start: it does nothing
// once films exist.

export type SeedSummary = {
  cities: number;
  cinemas: number;
  screens: number;
  seats: number;
  movies: number;
  showtimes: number;
  users: number;
  created: boolean;
};

export type SeedOptions = { log?: (msg: string) => void; now?: Date };

export const SCHEDULE_DAYS = 14;
const RNG_SEED = 0x4d415251; // "MARQ": any constant works; a fixed one makes the data reproducible
// Serialises concurrent seeders (two app instances starting on one empty database).
const SEED_LOCK_KEY = 0x5eed_3a7c;
const BATCH_ROWS = 1_000;
const DAY_MS = 86_400_000;

export type SeedPlan = {
  cities: Prisma.CityCreateManyInput[];
  cinemas: Prisma.CinemaCreateManyInput[];
  screens: Prisma.ScreenCreateManyInput[];
  seats: Prisma.SeatCreateManyInput[];
  movies: Prisma.MovieCreateManyInput[];
  credits: Prisma.MovieCreditCreateManyInput[];
  showtimes: Prisma.ShowtimeCreateManyInput[];
  showtimePrices: Prisma.ShowtimePriceCreateManyInput[];
  priceCardEntries: Prisma.PriceCardEntryCreateManyInput[];
  programmeTemplates: Prisma.ProgrammeTemplateCreateManyInput[];
  programmeTemplateAccessSlots: Prisma.ProgrammeTemplateAccessSlotCreateManyInput[];
  users: Prisma.UserCreateManyInput[];
  /** The DEMO_ACCOUNTS users, who get passwords (hashed at write time, as hashing is slow). */
  demoLogins: { userId: string; password: string }[];
  cinemaStaff: Prisma.CinemaStaffCreateManyInput[];
  pricingRules: Prisma.PricingRuleCreateManyInput[];
  promoCodes: Prisma.PromoCodeCreateManyInput[];
  promoCodeCinemas: Prisma.PromoCodeCinemaCreateManyInput[];
  reviews: Prisma.ReviewCreateManyInput[];
};

// ─── Planning (pure, deterministic given `now` apart from row ids) ───────────

function planMovies(films: readonly FilmSeed[], today: number) {
  const movies: Prisma.MovieCreateManyInput[] = [];
  const credits: Prisma.MovieCreditCreateManyInput[] = [];
  const scheduleFilms: ScheduleFilm[] = [];
  for (const film of films) {
    const id = randomUUID();
    movies.push({
      id,
      slug: film.slug,
      title: film.title,
      synopsis: film.synopsis,
      runtimeMinutes: film.runtimeMinutes,
      certificate: film.certificate,
      genres: film.genres,
      languages: film.languages,
      formats: film.formats,
      director: film.director,
      releaseDate: istDate(today, film.releaseInDays),
      posterUrl: `/posters/${film.slug}.svg`,
      // Invented films have no trailers (a link to a made-up host was a dead end on every film page).
      trailerUrl: null,
    });
    film.cast.forEach((credit, i) => {
      credits.push({
        id: randomUUID(),
        movieId: id,
        name: credit.name,
        character: credit.character,
        position: i + 1,
      });
    });
    scheduleFilms.push({ ...film, id });
  }
  return { movies, credits, scheduleFilms };
}

function showtimeRows(shows: readonly ShowDraft[], firstScreens: ReadonlySet<string>) {
  const showtimes: Prisma.ShowtimeCreateManyInput[] = [];
  const showtimePrices: Prisma.ShowtimePriceCreateManyInput[] = [];
  const access = accessibleShowings(shows, firstScreens);
  for (const { prices, ...show } of shows) {
    showtimes.push({ ...show, accessibility: access.get(show.id) ?? [] });
    for (const price of prices) showtimePrices.push({ showtimeId: show.id, ...price });
  }
  return { showtimes, showtimePrices };
}

function planScreen(cinemaId: string, name: string, key: ScreenTemplateKey) {
  const template = SCREEN_TEMPLATES[key];
  const built = buildScreen(template);
  const id = randomUUID();
  const screen: Prisma.ScreenCreateManyInput = {
    id,
    cinemaId,
    name,
    formats: template.formats,
    layout: built.layout,
    capacity: built.seats.length,
  };
  const seats: Prisma.SeatCreateManyInput[] = built.seats.map((seat) => ({
    id: randomUUID(),
    screenId: id,
    ...seat,
  }));
  const programme: ScheduleScreen = {
    id,
    formats: template.formats,
    cleaningMinutes: template.cleaningMinutes,
    prices: template.prices,
    categories: built.categories,
  };
  return { screen, seats, programme };
}

function planPlaces(rng: Rng, today: number, now: Date, films: readonly ScheduleFilm[]) {
  const cities: Prisma.CityCreateManyInput[] = [];
  const cinemas: Prisma.CinemaCreateManyInput[] = [];
  const screens: Prisma.ScreenCreateManyInput[] = [];
  const seats: Prisma.SeatCreateManyInput[] = [];
  const shows: ShowDraft[] = [];
  const priceCardEntries: Prisma.PriceCardEntryCreateManyInput[] = [];
  const programmeTemplates: Prisma.ProgrammeTemplateCreateManyInput[] = [];
  const programmeTemplateAccessSlots: Prisma.ProgrammeTemplateAccessSlotCreateManyInput[] = [];
  const cinemaIds = new Map<string, string>();
  for (const { languageWeights, ...city } of CITIES) {
    const cityId = randomUUID();
    cities.push({ id: cityId, ...city, timeZone: 'Asia/Kolkata' });
    const programmes: ScheduleScreen[] = [];
    for (const { citySlug: _, screens: screenList, ...cinema } of CINEMAS.filter(
      (c) => c.citySlug === city.slug,
    )) {
      const cinemaId = randomUUID();
      cinemaIds.set(cinema.slug, cinemaId);
      cinemas.push({ id: cinemaId, cityId, ...cinema, eveningFromMinute: EVENING_FROM_MINUTE });
      // The cinema's price card charges what its sessions charge; where two screens price one
      // category and format differently, the first screen's price is the card's.
      const card = new Map<string, Prisma.PriceCardEntryCreateManyInput>();
      for (const { name, template } of screenList) {
        const planned = planScreen(cinemaId, name, template);
        screens.push(planned.screen);
        seats.push(...planned.seats);
        programmes.push(planned.programme);
        // The seed programmes the first fortnight itself; from then on each screen's rolling
        // template extends it every day (server/programme/extend-rolling-programmes.ts), so the
        // demo never runs dry.
        const templateId = randomUUID();
        programmeTemplates.push({
          id: templateId,
          screenId: planned.screen.id as string,
          firstShowMinute: FIRST_SHOW_MINUTE,
          lastStartMinute: LAST_START_MINUTE,
          daysAhead: SCHEDULE_DAYS,
          extendedThrough: istDate(today, SCHEDULE_DAYS - 1),
        });
        // Its first screen keeps the cinema's accessible showings going (seed-data/accessible-showings.ts).
        if (screenList[0]?.name === name)
          programmeTemplateAccessSlots.push(
            ...firstScreenAccessSlots(FIRST_SHOW_MINUTE).map((slot, position) => ({
              templateId,
              position,
              ...slot,
            })),
          );
        for (const entry of priceCardOf(planned.programme)) {
          const key = `${entry.category}|${entry.format}|${entry.dayPart}`;
          if (!card.has(key)) card.set(key, { cinemaId, ...entry });
        }
      }
      priceCardEntries.push(...card.values());
    }
    // A city is programmed as a whole so every film in release plays there every day.
    const ctx: ScheduleContext = { rng, today, languageWeights, newId: randomUUID };
    shows.push(...scheduleCity(ctx, programmes, films, SCHEDULE_DAYS, now));
  }
  return {
    cities,
    cinemas,
    screens,
    seats,
    // Each cinema's first screen (screens are planned in each cinema's order).
    ...showtimeRows(
      shows,
      new Set(cinemas.map((c) => screens.find((sc) => sc.cinemaId === c.id)?.id as string)),
    ),
    priceCardEntries,
    programmeTemplates,
    programmeTemplateAccessSlots,
    cinemaIds,
  };
}

function planPeople(today: number, cinemaIds: ReadonlyMap<string, string>) {
  // Accounts predate their reviews.
  const joined = istInstant(today, -120, 10 * 60);
  const users: Prisma.UserCreateManyInput[] = [];
  const cinemaStaff: Prisma.CinemaStaffCreateManyInput[] = [];
  const demoLogins: SeedPlan['demoLogins'] = [];
  for (const account of DEMO_ACCOUNTS) {
    const id = randomUUID();
    demoLogins.push({ userId: id, password: account.password });
    users.push({
      id,
      email: account.email,
      name: account.name,
      role: account.role,
      emailVerifiedAt: joined,
      createdAt: joined,
    });
    for (const { slug, role } of account.cinemas) {
      const cinemaId = cinemaIds.get(slug);
      if (!cinemaId) throw new Error(`seed: demo account ${account.email} works at unknown cinema ${slug}`);
      cinemaStaff.push({ userId: id, cinemaId, role });
    }
  }
  const reviewerIds = REVIEWERS.map((reviewer) => {
    const id = randomUUID();
    users.push({ id, ...reviewer, role: Role.CUSTOMER, emailVerifiedAt: joined, createdAt: joined });
    return id;
  });
  const customerId = demoLogins[DEMO_ACCOUNTS.findIndex((a) => a.role === Role.CUSTOMER)]?.userId;
  if (!customerId) throw new Error('seed: DEMO_ACCOUNTS needs a customer');
  return { users, cinemaStaff, demoLogins, customerId, reviewerIds };
}

function planPromotions(now: Date, cinemaIds: ReadonlyMap<string, string>) {
  const pricingRules: Prisma.PricingRuleCreateManyInput[] = PRICING_RULES.map((rule) => ({
    id: randomUUID(),
    cinemaId: null,
    ...rule,
  }));
  const validFrom = new Date(now.getTime() - DAY_MS);
  const validUntil = new Date(now.getTime() + PROMO_VALID_DAYS * DAY_MS);
  const promoCodeCinemas: Prisma.PromoCodeCinemaCreateManyInput[] = [];
  const promoCodes: Prisma.PromoCodeCreateManyInput[] = PROMO_CODES.map(({ cinemaSlug, ...promo }) => {
    const id = randomUUID();
    if (cinemaSlug) {
      const cinemaId = cinemaIds.get(cinemaSlug);
      if (cinemaId === undefined)
        throw new Error(`seed: promo ${promo.code} names unknown cinema ${cinemaSlug}`);
      promoCodeCinemas.push({ promoCodeId: id, cinemaId });
    }
    return { id, ...promo, validFrom, validUntil };
  });
  return { pricingRules, promoCodes, promoCodeCinemas };
}

const clampRating = (n: number): 1 | 2 | 3 | 4 | 5 => Math.min(5, Math.max(1, n)) as 1 | 2 | 3 | 4 | 5;

// Every released film gets a few reviews from the extra customers; the demo customer has
// reviewed the three newest, so her account shows reviews while leaving films to review.
function planReviews(
  rng: Rng,
  films: readonly ScheduleFilm[],
  customerId: string,
  reviewerIds: readonly string[],
  now: Date,
): Prisma.ReviewCreateManyInput[] {
  const released = films.filter((f) => f.releaseInDays < 0).sort((a, b) => b.releaseInDays - a.releaseInDays);
  const reviews: Prisma.ReviewCreateManyInput[] = [];
  released.forEach((film, i) => {
    const reception = rng.pick([3, 4, 4, 4, 5]);
    const authors = rng.shuffle(reviewerIds).slice(0, rng.int(2, 5));
    if (i < 3) authors.unshift(customerId);
    const minutesSinceRelease = -film.releaseInDays * 24 * 60;
    // One film never shows the same text twice (it read as one person posting three times).
    const used = new Set<ReviewText>();
    for (const userId of authors) {
      const rating = clampRating(reception + rng.pick([-2, -1, 0, 0, 0, 1]));
      const text = rng.pick(REVIEW_TEXTS[rating].filter((t) => !used.has(t)));
      used.add(text);
      const createdAt = new Date(now.getTime() - rng.int(60, minutesSinceRelease - 60) * 60_000);
      reviews.push({
        id: randomUUID(),
        movieId: film.id,
        userId,
        rating,
        ...text,
        // The seed sells no tickets, so no demo reviewer is a verified viewer (server/reviews/
        // verified-viewers.ts); the badge comes from real bookings.
        verified: false,
        createdAt,
        updatedAt: createdAt,
      });
    }
  });
  return reviews;
}

export function buildSeedPlan(now: Date): SeedPlan {
  const rng = new Rng(RNG_SEED);
  const today = istDay(now);
  const { movies, credits, scheduleFilms } = planMovies(FILMS, today);
  const { cinemaIds, ...places } = planPlaces(rng, today, now, scheduleFilms);
  const { customerId, reviewerIds, ...people } = planPeople(today, cinemaIds);
  return {
    ...places,
    movies,
    credits,
    ...people,
    ...planPromotions(now, cinemaIds),
    reviews: planReviews(rng, scheduleFilms, customerId, reviewerIds, now),
  };
}

// ─── Writing ─────────────────────────────────────────────────────────────────

type Tx = Prisma.TransactionClient;

// A few large INSERTs instead of thousands of round trips; chunks keep each statement well
// under PostgreSQL's bind-parameter limit.
async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) await write(rows.slice(i, i + BATCH_ROWS));
}

async function writePlan(
  tx: Tx,
  plan: SeedPlan,
  credentials: Prisma.UserCredentialCreateManyInput[],
  log: (msg: string) => void,
) {
  log(`seeding ${plan.cities.length} cities and ${plan.cinemas.length} cinemas…`);
  await tx.city.createMany({ data: plan.cities });
  await tx.cinema.createMany({ data: plan.cinemas });

  log(`seeding ${plan.screens.length} screens (${plan.seats.length} seats)…`);
  await tx.screen.createMany({ data: plan.screens });
  await inBatches(plan.seats, (data) => tx.seat.createMany({ data }));

  log(`seeding films (${plan.movies.length})…`);
  await tx.movie.createMany({ data: plan.movies });
  await tx.movieCredit.createMany({ data: plan.credits });

  log(`seeding showtimes for ${SCHEDULE_DAYS} days (${plan.showtimes.length})…`);
  await inBatches(plan.showtimes, (data) => tx.showtime.createMany({ data }));
  await inBatches(plan.showtimePrices, (data) => tx.showtimePrice.createMany({ data }));
  await tx.priceCardEntry.createMany({ data: plan.priceCardEntries });
  await tx.programmeTemplate.createMany({ data: plan.programmeTemplates });
  await tx.programmeTemplateAccessSlot.createMany({ data: plan.programmeTemplateAccessSlots });

  log(
    `seeding users (${plan.users.length}), pricing rules, promo codes and reviews (${plan.reviews.length})…`,
  );
  await tx.user.createMany({ data: plan.users });
  await tx.userCredential.createMany({ data: credentials });
  await tx.cinemaStaff.createMany({ data: plan.cinemaStaff });
  await tx.pricingRule.createMany({ data: plan.pricingRules });
  await tx.promoCode.createMany({ data: plan.promoCodes });
  await tx.promoCodeCinema.createMany({ data: plan.promoCodeCinemas });
  await tx.review.createMany({ data: plan.reviews });
}

async function currentCounts(db: PrismaClient | Tx): Promise<Omit<SeedSummary, 'created'>> {
  const [cities, cinemas, screens, seats, movies, showtimes, users] = await Promise.all([
    db.city.count(),
    db.cinema.count(),
    db.screen.count(),
    db.seat.count(),
    db.movie.count(),
    db.showtime.count(),
    db.user.count(),
  ]);
  return { cities, cinemas, screens, seats, movies, showtimes, users };
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const alreadySeeded = async (): Promise<SeedSummary> => {
    log('already seeded: films exist, leaving the database as it is');
    return { ...(await currentCounts(prisma)), created: false };
  };
  if ((await prisma.movie.count()) > 0) return alreadySeeded();

  const plan = buildSeedPlan(now);
  // Hashing is deliberately slow, so it happens before the transaction opens.
  const credentials = await Promise.all(
    plan.demoLogins.map(async ({ userId, password }) => ({
      userId,
      passwordHash: await hashPassword(password),
    })),
  );

  const created = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      // Another seeder may have finished while this one waited for the lock.
      if ((await tx.movie.count()) > 0) return false;
      await writePlan(tx, plan, credentials, log);
      return true;
    },
    { maxWait: 15_000, timeout: 120_000 },
  );
  if (!created) return alreadySeeded();

  return {
    cities: plan.cities.length,
    cinemas: plan.cinemas.length,
    screens: plan.screens.length,
    seats: plan.seats.length,
    movies: plan.movies.length,
    showtimes: plan.showtimes.length,
    users: plan.users.length,
    created: true,
  };
}

// ─── Direct run: node --import tsx --import ./server/preload.mjs prisma/seed.ts ─

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exitCode = 1;
    return;
  }
  const prisma = createPrisma(url, 5);
  const started = performance.now();
  try {
    const summary = await seed(prisma, { log: (msg) => console.log(msg) });
    console.log(summary);
    console.log(`done in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await prisma.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
