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
