import { z } from 'zod';
import { accessFeatureSchema, accessFeaturesSchema } from '@/lib/accessibility';
import { isValidIsoWeek } from '@/lib/local-time';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import { text } from '@/lib/schemas/text';
import { SEAT_CATEGORIES } from '@/lib/seat-layout/draft';

// Programming a cinema: sessions (showtimes) added, moved and cancelled one by one in the week
// grid, many at once from a plan (bulk generation), or every day from a rolling template. Shared
// by the forms, the server actions and the REST API. Times are the cinema's local wall-clock time
// ('YYYY-MM-DD' and 'HH:MM'); the server turns them into instants in the cinema's time zone.

export const PROGRAMME_MAX_DAYS = 35;
export const DEFAULT_LAST_START = '22:30';

export const localDateSchema = z.iso.date('A date like 2026-12-24.').meta({ examples: ['2026-12-24'] });
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 10:00 or 21:30 (24-hour).')
  .meta({ examples: ['18:30'] });
export const isoWeekSchema = z
  .string()
  .refine(isValidIsoWeek, 'An ISO week like 2026-W50.')
  .meta({ examples: ['2026-W50'] });
export const formatSchema = z.enum(FORMAT_VALUES);
export const seatCategorySchema = z.enum(SEAT_CATEGORIES);
export const languageSchema = text().trim().min(1, 'Choose a language.').max(40);

/** Whole rupees at most ₹1,00,000, in paise (as the database's CHECK on price cards). */
export const priceMinorSchema = z
  .number({ error: 'Enter a price.' })
  .int('Prices are in paise, whole numbers.')
  .min(0, 'A price cannot be negative.')
  .max(10_000_000, 'At most ₹1,00,000.')
  .multipleOf(100, 'Whole rupees only.');

export const sessionPricesSchema = z
  .array(z.object({ category: seatCategorySchema, priceMinor: priceMinorSchema }))
  .min(1)
  .max(SEAT_CATEGORIES.length)
  .refine((p) => new Set(p.map((x) => x.category)).size === p.length, 'One price per seat category.');
export type SessionPrices = z.infer<typeof sessionPricesSchema>;

export const cinemaParamsSchema = z.object({ cinemaId: z.uuid() });

// ─── One session ──────────────────────────────────────────────────────────────

export const sessionFieldsSchema = z.object({
  screenId: z.uuid('Choose a screen.'),
  movieId: z.uuid('Choose a film.'),
  date: localDateSchema,
  time: timeOfDaySchema,
  language: languageSchema,
  format: formatSchema,
  /** Leave out to take the cinema's price card for this screen, format and time. */
  prices: sessionPricesSchema.optional(),
  /** Accessible-showing features (none when left out). */
  accessibility: accessFeaturesSchema.optional(),
});
export type SessionFields = z.infer<typeof sessionFieldsSchema>;

export const createShowtimeInputSchema = sessionFieldsSchema.extend({ cinemaId: z.uuid() });
export type CreateShowtimeInput = z.infer<typeof createShowtimeInputSchema>;

const updateShowtimeFields = z.object({
  screenId: z.uuid('Choose a screen.').optional(),
  date: localDateSchema.optional(),
  time: timeOfDaySchema.optional(),
  /** New prices. Moving or retiming without them reprices the session from the price card. */
  prices: sessionPricesSchema.optional(),
  /** The session's accessible-showing features, all of them (an empty list clears them). */
  accessibility: accessFeaturesSchema.optional(),
});
const somethingToChange = (b: z.infer<typeof updateShowtimeFields>) =>
  b.screenId !== undefined ||
  b.date !== undefined ||
  b.time !== undefined ||
  b.prices !== undefined ||
  b.accessibility !== undefined;

/**
 * Move (another screen), retime (another day or time), reprice a session or set its accessible-
 * showing features; at least one.
 */
export const updateShowtimeBodySchema = updateShowtimeFields.refine(somethingToChange, 'Say what to change.');
export type UpdateShowtimeBody = z.infer<typeof updateShowtimeBodySchema>;
export const updateShowtimeInputSchema = updateShowtimeFields
  .extend({ showtimeId: z.uuid() })
  .refine(somethingToChange, 'Say what to change.');

export const clashQuerySchema = z.object({
  screenId: z.uuid(),
  movieId: z.uuid(),
  date: localDateSchema,
  time: timeOfDaySchema,
  format: formatSchema.optional(),
  /** The session being moved, which never clashes with itself. */
  excludeShowtimeId: z.uuid().optional(),
});
export type ClashQuery = z.infer<typeof clashQuerySchema>;
export const clashInputSchema = clashQuerySchema.extend({ cinemaId: z.uuid() });

export const weekQuerySchema = z.object({ week: isoWeekSchema.optional() });

// ─── Rolling schedules ──────────────────────────────────────────────────────────

/** Days of the week, Monday first (ISO 1–7 in the database). */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};
export const MAX_ACCESS_SLOTS = 20;

/**
 * One accessible-showing slot of a rolling programme: sessions starting on these days, from
 * `from` to `until` (both included, the cinema's local time), get these features. A window rather
 * than one time, as a back-to-back programme's start times move with the films' runtimes.
 */
export const accessSlotSchema = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'Choose at least one day.')
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'Each day once.'),
    from: timeOfDaySchema,
    until: timeOfDaySchema,
    features: z
      .array(accessFeatureSchema)
      .min(1, 'Tick at least one feature.')
      .max(4)
      .refine((f) => new Set(f).size === f.length, 'Each feature once.'),
  })
  .refine((s) => s.until >= s.from, { path: ['until'], message: 'The window ends after it starts.' })
  .meta({ examples: [{ days: ['TUE'], from: '10:00', until: '12:00', features: ['RELAXED'] }] });
export type AccessSlot = z.infer<typeof accessSlotSchema>;
export const accessSlotsSchema = z
  .array(accessSlotSchema)
  .max(MAX_ACCESS_SLOTS, `At most ${MAX_ACCESS_SLOTS} slots.`);

const rollingFields = z.object({
  /** Films taken in turn; empty: every film in release the screen can project. */
  movieIds: z.array(z.uuid()).max(30, 'At most 30 films.'),
  /** The day's first show; each next one starts as soon as the screen is free again. */
  firstShow: timeOfDaySchema,
  /** No session starts later. */
  lastStart: timeOfDaySchema,
  /** How many days ahead the screen is kept programmed, today included. */
  daysAhead: z
    .number({ error: 'Enter a number of days.' })
    .int('A whole number of days.')
    .min(1, 'At least 1 day.')
    .max(PROGRAMME_MAX_DAYS, `At most ${PROGRAMME_MAX_DAYS} days.`),
  /** Off: the job leaves the screen alone (sessions already made stay). */
  active: z.boolean(),
  /**
   * Accessible showings of the sessions it makes: each session gets the features of every slot
   * its weekday and start time fall in. Left out: the slots stay as they are; `[]` removes them.
   */
  accessSlots: accessSlotsSchema.optional(),
});
const lastAfterFirst = (t: { firstShow: string; lastStart: string }) => t.lastStart >= t.firstShow;
const LAST_AFTER_FIRST = { path: ['lastStart'], message: 'The last start comes after the first show.' };

export const programmeTemplateBodySchema = rollingFields.refine(lastAfterFirst, LAST_AFTER_FIRST);
export type ProgrammeTemplateBody = z.infer<typeof programmeTemplateBodySchema>;
export const programmeTemplateInputSchema = rollingFields
  .extend({ screenId: z.uuid() })
  .refine(lastAfterFirst, LAST_AFTER_FIRST);

export const programmeTemplateSchema = z.object({
  screenId: z.uuid(),
  movieIds: z.array(z.uuid()),
  firstShow: timeOfDaySchema,
  lastStart: timeOfDaySchema,
  daysAhead: z.number().int(),
  active: z.boolean(),
  /** The last local day already programmed from it (null: none yet). */
  extendedThrough: localDateSchema.nullable(),
  /** Its accessible-showing slots, in the order they were written. */
  accessSlots: z.array(accessSlotSchema),
});
export type ProgrammeTemplate = z.infer<typeof programmeTemplateSchema>;

export const savedTemplateSchema = z.object({
  template: programmeTemplateSchema,
  /** What saving it programmed at once (an active template is extended straight away). */
  extended: z.object({ days: z.number().int(), sessions: z.number().int() }),
});

// ─── Answers ──────────────────────────────────────────────────────────────────

const instant = z.iso.datetime();

export const clashSchema = z.object({
  id: z.uuid(),
  movieTitle: z.string(),
  screenName: z.string(),
  startsAt: instant,
  busyUntil: instant,
});
export type Clash = z.infer<typeof clashSchema>;

export const clashCheckSchema = z.object({
  startsAt: instant,
  /** The film and its trailers end. */
  endsAt: instant,
  /** endsAt plus the screen's cleaning time. */
  busyUntil: instant,
  clashes: z.array(clashSchema),
  /** What the price card charges for this screen's categories (null: the card has no price). */
  cardPrices: z.array(z.object({ category: seatCategorySchema, priceMinor: z.number().int().nullable() })),
});
export type ClashCheck = z.infer<typeof clashCheckSchema>;

export const sessionSchema = z.object({
  id: z.uuid(),
  screenId: z.uuid(),
  screenName: z.string(),
  movie: z.object({ id: z.uuid(), title: z.string(), runtimeMinutes: z.number().int() }),
  /** Local date and start time, in the cinema's time zone. */
  date: localDateSchema,
  time: timeOfDaySchema,
  startsAt: instant,
  endsAt: instant,
  busyUntil: instant,
  language: z.string(),
  format: formatSchema,
  status: z.enum(['SCHEDULED', 'CANCELLED']),
  prices: z.array(z.object({ category: seatCategorySchema, priceMinor: z.number().int() })),
  capacity: z.number().int(),
  sold: z.number().int(),
  held: z.number().int(),
  /** Confirmed bookings, and what they paid: what cancelling refunds. */
  bookings: z.number().int(),
  revenueMinor: z.number().int(),
  /** Seats were held or sold at some point: it can no longer change screens. */
  everSold: z.boolean(),
  /** Accessible-showing features managers set (the wheelchair screen is the layout's). */
  accessibility: z.array(accessFeatureSchema),
});
export type Session = z.infer<typeof sessionSchema>;

export const programmeScreenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  formats: z.array(formatSchema),
  capacity: z.number().int(),
  cleaningMinutes: z.number().int(),
  categories: z.array(seatCategorySchema),
  /** Its rolling programme, if it has one. */
  rolling: programmeTemplateSchema.nullable(),
});
export type ProgrammeScreen = z.infer<typeof programmeScreenSchema>;

export const programmeFilmSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  runtimeMinutes: z.number().int(),
  languages: z.array(z.string()),
  formats: z.array(formatSchema),
  releaseDate: localDateSchema,
});
export type ProgrammeFilm = z.infer<typeof programmeFilmSchema>;

export const programmeWeekSchema = z.object({
  cinema: z.object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string().meta({ examples: ['Asia/Kolkata'] }),
    trailersMinutes: z.number().int(),
    cleaningMinutes: z.number().int(),
  }),
  week: z.string().meta({ examples: ['2026-W52'] }),
  previousWeek: z.string().meta({ examples: ['2026-W51'] }),
  nextWeek: z.string().meta({ examples: ['2026-W53'] }),
  /** Monday to Sunday. */
  days: z.array(localDateSchema),
  /** Today in the cinema's time zone. */
  today: localDateSchema,
  screens: z.array(programmeScreenSchema),
  sessions: z.array(sessionSchema),
  /** Films that can be programmed. */
  films: z.array(programmeFilmSchema),
});
export type ProgrammeWeek = z.infer<typeof programmeWeekSchema>;

// ─── Many sessions at once: bulk generation ────────────────────────────────────

/** How sessions start each day: at these times, or one after the other from a first show. */
const startPlanKinds = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('times'),
    times: z
      .array(timeOfDaySchema)
      .min(1, 'Give at least one start time.')
      .max(12)
      .refine((t) => new Set(t).size === t.length, 'Each start time once.'),
  }),
  z.object({
    kind: z.literal('back-to-back'),
    /** The first show of the day; each next one starts as soon as the screen is free again. */
    firstShow: timeOfDaySchema,
    /** No session starts after this. */
    lastStart: timeOfDaySchema,
  }),
]);
export const startPlanSchema = startPlanKinds.refine(
  (s) => s.kind !== 'back-to-back' || s.lastStart >= s.firstShow,
  { path: ['lastStart'], message: 'The last start comes after the first show.' },
);
export type StartPlan = z.infer<typeof startPlanSchema>;

export const generatePlanSchema = z
  .object({
    /** The films, taken in turn. */
    movieIds: z.array(z.uuid()).min(1, 'Choose at least one film.').max(30),
    /** The language each film is shown in, by film id; a film not named plays in its first one. */
    languages: z.record(z.uuid(), languageSchema).optional(),
    screenIds: z.array(z.uuid()).min(1, 'Choose at least one screen.').max(30),
    from: localDateSchema,
    until: localDateSchema,
    starts: startPlanSchema,
    /** Accessible-showing features every generated session gets (none when left out). */
    accessibility: accessFeaturesSchema.optional(),
  })
  .refine((p) => p.until >= p.from, { path: ['until'], message: 'The last day comes after the first.' })
  .refine((p) => (Date.parse(p.until) - Date.parse(p.from)) / 86_400_000 < PROGRAMME_MAX_DAYS, {
    path: ['until'],
    message: `At most ${PROGRAMME_MAX_DAYS} days at once.`,
  });
export type GeneratePlan = z.infer<typeof generatePlanSchema>;

export const generateSessionsBodySchema = z.object({
  plan: generatePlanSchema,
  /** `preview` writes nothing; `apply` writes every planned session or, if any cannot be, none. */
  mode: z.enum(['preview', 'apply']),
});
export type GenerateSessionsBody = z.infer<typeof generateSessionsBodySchema>;
export const generateSessionsInputSchema = generateSessionsBodySchema.extend({ cinemaId: z.uuid() });

export const plannedSessionSchema = z.object({
  screenId: z.uuid(),
  screenName: z.string(),
  movieId: z.uuid(),
  movieTitle: z.string(),
  date: localDateSchema,
  time: timeOfDaySchema,
  startsAt: instant,
  endsAt: instant,
  busyUntil: instant,
  language: z.string(),
  format: formatSchema,
  prices: z.array(z.object({ category: seatCategorySchema, priceMinor: z.number().int() })),
  accessibility: z.array(accessFeatureSchema),
  /** Why this session cannot be written (null: it can). */
  problem: z.enum(['clash', 'past', 'no-price']).nullable(),
  /** The scheduled sessions it would overlap, for a `clash`. */
  clashes: z.array(clashSchema),
});
export type PlannedSession = z.infer<typeof plannedSessionSchema>;

export const generatedSessionsSchema = z.object({
  mode: z.enum(['preview', 'apply']),
  sessions: z.array(plannedSessionSchema),
  /** Planned sessions that cannot be written: apply refuses the whole plan while there is one. */
  problems: z.number().int(),
  /** Days and screens the plan could not fill, and why (no film playable there, say). */
  notes: z.array(z.string()),
  /** With `apply`: the ids of the sessions written. */
  createdIds: z.array(z.uuid()),
});
export type GeneratedSessions = z.infer<typeof generatedSessionsSchema>;

/** The bulk generation form: the plan as a person fills it in (start times typed in one field). */
export const generateFormSchema = z
  .object({
    movieIds: z.array(z.string()),
    /** By film id: the language chosen for a film that has several. */
    languages: z.record(z.string(), z.string()),
    screenIds: z.array(z.string()),
    from: z.string(),
    until: z.string(),
    kind: z.enum(['times', 'back-to-back']),
    /** '10:00, 14:30, 18:00' */
    times: z.string(),
    firstShow: z.string(),
    lastStart: z.string(),
    /** Accessible-showing features for every session of the plan. */
    accessibility: z.array(accessFeatureSchema),
  })
  .superRefine((v, ctx) => {
    const plan = generatePlanSchema.safeParse(planOfForm(v));
    if (plan.success) return;
    for (const issue of plan.error.issues) {
      const [head, second] = issue.path;
      // starts.times.0 → times; starts.firstShow → firstShow; the rest keep their first name.
      const field = head === 'starts' ? (typeof second === 'string' ? second : 'times') : head;
      ctx.addIssue({ code: 'custom', path: [String(field ?? 'root')], message: issue.message });
    }
  });
export type GenerateForm = z.infer<typeof generateFormSchema>;

export function planOfForm(v: GenerateForm): GeneratePlan {
  const languages = Object.fromEntries(
    v.movieIds.flatMap((id) => (v.languages[id] ? [[id, v.languages[id]] as const] : [])),
  );
  return {
    movieIds: v.movieIds,
    ...(Object.keys(languages).length ? { languages } : {}),
    screenIds: v.screenIds,
    from: v.from,
    until: v.until,
    starts:
      v.kind === 'times'
        ? {
            kind: 'times',
            times: v.times
              .split(/[\s,;]+/)
              .filter(Boolean)
              .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t)),
          }
        : { kind: 'back-to-back', firstShow: v.firstShow, lastStart: v.lastStart },
    ...(v.accessibility.length ? { accessibility: v.accessibility } : {}),
  };
}
