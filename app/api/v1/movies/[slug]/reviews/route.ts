import { movieSlugParamsSchema } from '@/lib/schemas/discover';
import { reviewInputSchema, reviewListQuerySchema } from '@/lib/schemas/reviews';
import { route } from '@/server/http/route';
import { listReviews } from '@/server/reviews/list-reviews';
import { upsertReview } from '@/server/reviews/upsert-review';

export const GET = route(
  { auth: 'public', params: movieSlugParamsSchema, query: reviewListQuerySchema },
  async ({ params, query }) => {
    const { mine: _, ...page } = await listReviews({ slug: params.slug, ...query });
    return page;
  },
);

export const POST = route(
  { auth: {}, params: movieSlugParamsSchema, body: reviewInputSchema },
  // 200 either way: `created` says whether this was the first review or an edit.
  ({ params, body, viewer }) => upsertReview({ slug: params.slug, userId: viewer.id, ...body }),
);
