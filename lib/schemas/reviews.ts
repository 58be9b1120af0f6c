import { z } from 'zod';
import { text } from '@/lib/schemas/text';

// Reviews: one per user per film (a unique index), rated 1–5 (a CHECK). The same schema
// validates the form, the server action and POST /api/v1/movies/{slug}/reviews.

export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 2000;

const optionalText = (max: number, what: string) =>
  text()
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .nullish()
    .transform((s) => (s ? s : null));

export const reviewInputSchema = z.object({
  rating: z
    .number({ error: 'choose a rating from 1 to 5 stars' })
    .int('choose a rating from 1 to 5 stars')
    .min(1, 'choose a rating from 1 to 5 stars')
    .max(5, 'choose a rating from 1 to 5 stars'),
  title: optionalText(REVIEW_TITLE_MAX, 'the headline'),
  body: optionalText(REVIEW_BODY_MAX, 'the review'),
});
export type ReviewInput = z.input<typeof reviewInputSchema>;

export const reviewListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** `nextCursor` of the previous page. */
  cursor: z.uuid().optional(),
});

export const reviewSchema = z.object({
  id: z.uuid(),
  rating: z.number().int().min(1).max(5),
  title: z.string().nullable(),
  body: z.string().nullable(),
  /** The author's first name ("Former member" once the account is deleted). */
  author: z.string(),
  /** The author held a ticket for a show of this film that has started. */
  verified: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ReviewView = z.output<typeof reviewSchema>;

export const ratingSummarySchema = z.object({
  average: z.number(),
  count: z.number().int(),
  /** How many reviews gave 1, 2, 3, 4 and 5 stars (index 0 is one star). */
  histogram: z.array(z.number().int()).length(5),
});
export type RatingSummary = z.output<typeof ratingSummarySchema>;

export const reviewListResponseSchema = z.object({
  rating: ratingSummarySchema.nullable(),
  reviews: z.array(reviewSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.uuid().nullable(),
});

export const reviewUpsertResponseSchema = z.object({
  review: reviewSchema,
  /** False when the caller's earlier review of this film was replaced. */
  created: z.boolean(),
});
