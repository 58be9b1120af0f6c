import { z } from 'zod';
import { gstinSchema, invoicePrefixSchema } from '@/lib/schemas/gst';
import { text } from '@/lib/schemas/text';

// A cinema as its managers keep it: the address and where it is, its time zone, its GST
// registration, and the rules and charges its sales run on. One schema for the admin form, the
// server action and the REST operation (lib/schemas/*: shared by both sides).

/**
 * India's extent, generously (Indira Point to Siachen, Gujarat's coast to Arunachal): coordinates
 * outside it are a typo or a swapped latitude and longitude, which this refuses at the field.
 */
export const INDIA_BOUNDS = { minLat: 6, maxLat: 37.5, minLng: 68, maxLng: 97.5 } as const;

/** A time zone the runtime knows by its IANA name (Asia/Kolkata); aliases such as Asia/Calcutta too. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const MAX_BOOKING_FEE_MINOR = 100_000;
export const MAX_TAX_RATE_BPS = 2_800;
export const MAX_CUTOFF_MINUTES = 7 * 24 * 60;
export const MAX_WHEELCHAIR_RELEASE_MINUTES = 24 * 60;

export const amenitySchema = text().trim().min(1).max(40, 'An amenity is at most 40 characters.');

export const cinemaSettingsSchema = z.object({
  name: text().trim().min(2, 'Give the cinema its name, as on its sign.').max(100),
  addressLine: text().trim().min(3, 'Enter the street address.').max(200),
  locality: text().trim().min(2, 'Enter the locality or neighbourhood.').max(100),
  postalCode: text()
    .trim()
    .regex(/^[1-9][0-9]{5}$/, 'A PIN code is 6 digits and does not start with 0.'),
  latitude: z
    .number({ error: 'Enter the latitude as a number, e.g. 19.0760.' })
    .min(
      INDIA_BOUNDS.minLat,
      `In India, latitude is between ${INDIA_BOUNDS.minLat} and ${INDIA_BOUNDS.maxLat}.`,
    )
    .max(
      INDIA_BOUNDS.maxLat,
      `In India, latitude is between ${INDIA_BOUNDS.minLat} and ${INDIA_BOUNDS.maxLat}.`,
    ),
  longitude: z
    .number({ error: 'Enter the longitude as a number, e.g. 72.8777.' })
    .min(
      INDIA_BOUNDS.minLng,
      `In India, longitude is between ${INDIA_BOUNDS.minLng} and ${INDIA_BOUNDS.maxLng}.`,
    )
    .max(
      INDIA_BOUNDS.maxLng,
      `In India, longitude is between ${INDIA_BOUNDS.minLng} and ${INDIA_BOUNDS.maxLng}.`,
    ),
  timeZone: text().trim().refine(isTimeZone, 'Use a time zone name such as Asia/Kolkata.'),
  // Optional ones are null when absent (the form sends null for an empty field).
  phone: text()
    .trim()
    .regex(
      /^\+?[0-9][0-9 ()-]{5,19}$/,
      'A phone number: digits, spaces, brackets and dashes, e.g. +91 22 4000 1234.',
    )
    .nullable(),
  amenities: z
    .array(amenitySchema)
    .max(20, 'At most 20 amenities.')
    .refine((a) => new Set(a.map((x) => x.toLowerCase())).size === a.length, 'Each amenity once.'),
  gstin: gstinSchema.nullable(),
  legalName: text().trim().min(2, 'The registered business name, at least 2 characters.').max(200).nullable(),
  invoicePrefix: invoicePrefixSchema,
  bookingFeeMinor: z
    .number({ error: 'Enter the booking fee in rupees, e.g. 30.' })
    .int('The fee is counted in paise: at most two decimals.')
    .min(0, 'The fee cannot be negative.')
    .max(MAX_BOOKING_FEE_MINOR, 'At most ₹1,000 per seat.'),
  taxRateBps: z
    .number({ error: 'Enter the tax rate in per cent, e.g. 18.' })
    .int('At most two decimals.')
    .min(0, 'The rate cannot be negative.')
    .max(MAX_TAX_RATE_BPS, 'GST is at most 28 %.'),
  cancellationCutoffMins: z
    .number({ error: 'Enter whole minutes.' })
    .int('Whole minutes.')
    .min(0, 'Zero or more minutes.')
    .max(MAX_CUTOFF_MINUTES, 'At most a week (10,080 minutes).'),
  orphanSeatRule: z.boolean(),
  wheelchairReleaseMinutes: z
    .number({ error: 'Enter whole minutes.' })
    .int('Whole minutes.')
    .min(0, 'Zero or more minutes.')
    .max(MAX_WHEELCHAIR_RELEASE_MINUTES, 'At most a day (1,440 minutes).'),
});
export type CinemaSettings = z.output<typeof cinemaSettingsSchema>;
export type CinemaSettingsInput = z.input<typeof cinemaSettingsSchema>;

/** A PATCH: any of the settings, at least one. */
export const cinemaSettingsPatchSchema = cinemaSettingsSchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Send at least one setting to change.');

export const slugSchema = text()
  .trim()
  .toLowerCase()
  .min(3, 'At least 3 characters.')
  .max(60, 'At most 60 characters.')
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Lower-case letters, digits and single dashes, e.g. pvr-phoenix-lower-parel.',
  );

/** The city of a new cinema: one Marquee already lists, or a new one. */
export const cinemaCitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('existing'), cityId: z.uuid('Choose a city.') }),
  z.object({
    kind: z.literal('new'),
    name: text().trim().min(2, 'Name the city.').max(60),
    state: text().trim().min(2, 'Name its state or union territory.').max(60),
    slug: slugSchema,
  }),
]);

export const createCinemaSchema = cinemaSettingsSchema.extend({
  slug: slugSchema,
  city: cinemaCitySchema,
});
export type CreateCinemaInput = z.output<typeof createCinemaSchema>;
export type CreateCinemaFormInput = z.input<typeof createCinemaSchema>;

export const updateCinemaActionSchema = cinemaSettingsSchema.extend({ cinemaId: z.uuid() });

export const cinemaIdParamsSchema = z.object({ cinemaId: z.uuid() });

export const cinemaListQuerySchema = z.object({
  /** Part of the name, slug or city. */
  q: text().trim().max(60).optional(),
  city: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});
export type CinemaListQuery = z.output<typeof cinemaListQuerySchema>;

// ─── What the server answers ─────────────────────────────────────────────────

// Answers are described plainly (no input rules): they are what the database holds.
export const cinemaSettingsViewSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  city: z.object({ id: z.uuid(), name: z.string(), state: z.string(), slug: z.string() }),
  addressLine: z.string(),
  locality: z.string(),
  postalCode: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  amenities: z.array(z.string()),
  gstin: z.string().nullable(),
  legalName: z.string().nullable(),
  invoicePrefix: z.string(),
  bookingFeeMinor: z.number().int(),
  taxRateBps: z.number().int(),
  cancellationCutoffMins: z.number().int(),
  orphanSeatRule: z.boolean(),
  wheelchairReleaseMinutes: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type CinemaSettingsView = z.infer<typeof cinemaSettingsViewSchema>;

export const cinemaListItemSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  city: z.string(),
  locality: z.string(),
  screens: z.number().int(),
  staff: z.number().int(),
  gstin: z.string().nullable(),
});
export type CinemaListItem = z.infer<typeof cinemaListItemSchema>;

export const cinemaListSchema = z.object({
  cinemas: z.array(cinemaListItemSchema),
  page: z.number().int(),
  perPage: z.number().int(),
  total: z.number().int(),
  /** Cities to filter by: those of the cinemas the caller may see. */
  cities: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type CinemaList = z.infer<typeof cinemaListSchema>;

export const createdCinemaSchema = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
