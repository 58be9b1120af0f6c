'use server';

import { movieSlugParamsSchema } from '@/lib/schemas/discover';
import { reviewInputSchema } from '@/lib/schemas/reviews';
import { action } from '@/server/http/action';
import { deleteReview } from '@/server/reviews/delete-review';
import { upsertReview } from '@/server/reviews/upsert-review';

export const saveReviewAction = action(
  { input: reviewInputSchema.extend(movieSlugParamsSchema.shape), auth: {} },
  ({ slug, ...review }, { viewer }) => upsertReview({ slug, userId: viewer.id, ...review }),
);

export const deleteReviewAction = action({ input: movieSlugParamsSchema, auth: {} }, ({ slug }, { viewer }) =>
  deleteReview({ slug, userId: viewer.id }),
);
