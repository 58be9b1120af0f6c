import { z } from 'zod';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS, ROW_OFFSET_LIMIT } from '@/lib/schemas/layout';
import { text } from '@/lib/schemas/text';
import { MAX_SEAT_NUMBER } from '@/lib/seat-layout/numbering';
import { CELL_PATTERN, decodeDraft, seatCount, type WireDraft } from '@/lib/seat-layout/wire';

// Cinemas' rooms, as managers create them: the screen's details (the form's fields) and its seat
// layout (drawn in the editor, sent compactly: lib/seat-layout/wire.ts). The shape is checked here;
// whether the layout can be sold (labels, numbers, wheelchair spaces…) is lib/seat-layout/validate.ts,
// run by the use case on the server whatever the browser said.

export const screenDetailsSchema = z.object({
  name: text()
    .trim()
    .min(1, 'Give the screen a name, as it is signposted (e.g. “Audi 4”).')
    .max(60, 'At most 60 characters.'),
  formats: z
    .array(z.enum(FORMAT_VALUES))
    .min(1, 'Choose at least one format this screen can project.')
    .max(FORMAT_VALUES.length)
    .refine((f) => new Set(f).size === f.length, 'Each format once.'),
});
export type ScreenDetails = z.infer<typeof screenDetailsSchema>;

const numberingSchema = z.discriminatedUnion('order', [
  z.object({
    order: z.enum(['left-to-right', 'right-to-left']),
    start: z.number().int().min(1).max(MAX_SEAT_NUMBER),
    blockStep: z.number().int().min(0).max(MAX_SEAT_NUMBER),
  }),
  z.object({ order: z.literal('odd-even'), oddOn: z.enum(['left', 'right']) }),
  z.object({ order: z.literal('manual') }),
]);

const labellingSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('letters'), skipIO: z.boolean(), from: z.enum(['screen', 'back']) }),
  z.object({ style: z.literal('numbers'), from: z.enum(['screen', 'back']) }),
  z.object({ style: z.literal('manual') }),
]);

const wireRowSchema = z
  .object({
    label: text().max(8),
    cells: z.string().max(LAYOUT_MAX_COLS).regex(CELL_PATTERN, 'Unknown cell code.'),
    numbering: numberingSchema,
    numbers: z.array(z.number().int()).max(LAYOUT_MAX_COLS).optional(),
    offset: z.number().min(-ROW_OFFSET_LIMIT).max(ROW_OFFSET_LIMIT),
    curve: z.number().min(0).max(1),
  })
  .superRefine((row, ctx) => {
    const manual = row.numbering.order === 'manual';
    if (manual && row.numbers?.length !== seatCount(row.cells)) {
      ctx.addIssue({
        code: 'custom',
        path: ['numbers'],
        message: 'One number per seat of a hand-numbered row.',
      });
    }
    if (!manual && row.numbers) {
      ctx.addIssue({
        code: 'custom',
        path: ['numbers'],
        message: 'Numbers are sent only for hand-numbered rows.',
      });
    }
  });

/** The draft as sent; parses to a LayoutDraft (numbered and labelled by its schemes). */
export const layoutDraftSchema = z
  .object({
    cols: z.number().int().min(1).max(LAYOUT_MAX_COLS),
    rows: z.array(wireRowSchema).min(1).max(LAYOUT_MAX_ROWS),
    aisleCols: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(LAYOUT_MAX_COLS - 1),
      )
      .max(LAYOUT_MAX_COLS),
    screenAt: z.enum(['top', 'bottom']),
    note: text().trim().max(200),
    labelling: labellingSchema,
  })
  .transform((wire) => decodeDraft(wire satisfies WireDraft));

export const createScreenInputSchema = screenDetailsSchema.extend({
  cinemaId: z.uuid(),
  draft: layoutDraftSchema,
});
export type CreateScreenInput = z.output<typeof createScreenInputSchema>;

/**
 * A new version of an existing screen's layout. `basedOnVersion` is the version the editor opened:
 * if someone saved another since, the save is refused (CONFLICT) rather than silently replacing
 * their drawing.
 */
export const editScreenLayoutBodySchema = z.object({
  basedOnVersion: z.number().int().min(1),
  draft: layoutDraftSchema,
});
export const screenParamsSchema = z.object({ cinemaId: z.uuid(), screenId: z.uuid() });
export const editScreenLayoutInputSchema = screenParamsSchema.extend(editScreenLayoutBodySchema.shape);
export type EditScreenLayoutInput = z.output<typeof editScreenLayoutInputSchema>;

export const editedLayoutSchema = z.object({
  screenId: z.uuid(),
  version: z.number().int(),
  capacity: z.number().int(),
  /** Showtimes not yet started that stay on an earlier version (they were created before). */
  showtimesOnEarlierVersions: z.number().int(),
});
export type EditedLayout = z.infer<typeof editedLayoutSchema>;

// ─── Seats out of service on coming shows ────────────────────────────────────

const SEAT_LABEL = /^\s*([A-Za-z]{1,3}|\d{1,3}-)\s*(\d{1,4})\s*$/;

/**
 * Seats as people name them, "A1, A2, B10" (a row named by a number is written "3-12"), parsed to
 * rows and numbers. Up to 50, each once.
 */
export const seatLabelsSchema = text()
  .max(600)
  .transform((value, ctx) => {
    const parts = value
      .split(/[,;\s]+(?=[A-Za-z\d])/)
      .map((p) => p.trim())
      .filter(Boolean);
    const seats: { row: string; number: number }[] = [];
    for (const part of parts) {
      const m = SEAT_LABEL.exec(part);
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: `“${part}” is not a seat: write it as A12 (or 3-12 for row 3).`,
        });
        return z.NEVER;
      }
      seats.push({ row: (m[1] as string).replace('-', '').toUpperCase(), number: Number(m[2]) });
    }
    if (!seats.length) {
      ctx.addIssue({ code: 'custom', message: 'Name at least one seat, e.g. A12.' });
      return z.NEVER;
    }
    const keys = seats.map((s) => `${s.row}${s.number}`);
    if (new Set(keys).size !== keys.length) {
      ctx.addIssue({ code: 'custom', message: 'Name each seat once.' });
      return z.NEVER;
    }
    if (seats.length > 50) {
      ctx.addIssue({ code: 'custom', message: 'At most 50 seats at a time.' });
      return z.NEVER;
    }
    return seats;
  });

export const seatBlockBodySchema = z.object({
  seats: seatLabelsSchema,
  /** true: out of service; false: back in service. */
  blocked: z.boolean(),
});
export const seatBlockPreviewInputSchema = screenParamsSchema.extend(seatBlockBodySchema.shape);
export type SeatBlockPreviewInput = z.output<typeof seatBlockPreviewInputSchema>;

export const seatBlockApplyBodySchema = seatBlockBodySchema.extend({
  /**
   * The ticket ids the preview listed: if tickets on these seats changed since, nothing is applied
   * (CONFLICT) and the preview is to be looked at again.
   */
  acknowledgedTicketIds: z.array(z.uuid()).max(10_000),
});
export const seatBlockApplyInputSchema = screenParamsSchema.extend(seatBlockApplyBodySchema.shape);
export type SeatBlockApplyInput = z.output<typeof seatBlockApplyInputSchema>;

export const seatBlockPreviewSchema = z.object({
  /** The seats found in the screen's current layout; names that are not there are `unknown`. */
  seats: z.array(z.string()),
  unknown: z.array(z.string()),
  /** Coming shows (on any layout version) that have these seats. */
  showtimes: z.number().int(),
  /** Live tickets on these seats at coming shows: their holders keep them unless the cinema acts. */
  tickets: z.array(
    z.object({
      ticketId: z.uuid(),
      seat: z.string(),
      showtimeId: z.uuid(),
      startsAt: z.iso.datetime(),
      movie: z.string(),
      bookingReference: z.string(),
      customer: z.string().nullable(),
    }),
  ),
});
export type SeatBlockPreview = z.infer<typeof seatBlockPreviewSchema>;

export const seatBlockResultSchema = z.object({
  seats: z.array(z.string()),
  blocked: z.boolean(),
  /** Seat rows changed (the seat in the current layout and in the versions coming shows use). */
  changed: z.number().int(),
});
export type SeatBlockResult = z.infer<typeof seatBlockResultSchema>;

// ─── A screen's details ─────────────────────────────────────────────────────

// As the screens_cleaning_minutes CHECK (migration 20261204200000_programming).
export const MAX_CLEANING_MINUTES = 120;

export const screenSettingsSchema = screenDetailsSchema.extend({
  /** null: the cinema's cleaning time (its programming settings). */
  cleaningMinutes: z
    .number('Minutes, as a whole number.')
    .int('Minutes, as a whole number.')
    .min(0, 'At least 0 minutes.')
    .max(MAX_CLEANING_MINUTES, `At most ${MAX_CLEANING_MINUTES} minutes.`)
    .nullable(),
});
export type ScreenSettings = z.infer<typeof screenSettingsSchema>;
/** REST: any of the fields. */
export const screenSettingsPatchSchema = screenSettingsSchema
  .partial()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Change at least one field.');
/** The form's action sends every field. */
export const updateScreenActionSchema = screenSettingsSchema.extend(screenParamsSchema.shape);

export const screenSettingsViewSchema = z.object({
  id: z.uuid(),
  cinemaId: z.uuid(),
  name: z.string(),
  formats: z.array(z.enum(FORMAT_VALUES)),
  /** null: the cinema's cleaning time. */
  cleaningMinutes: z.number().int().nullable(),
});
export type ScreenSettingsView = z.infer<typeof screenSettingsViewSchema>;
