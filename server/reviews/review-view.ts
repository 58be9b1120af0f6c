import 'server-only';
import type { ReviewView } from '@/lib/schemas/reviews';

export const reviewSelect = {
  id: true,
  userId: true,
  rating: true,
  title: true,
  body: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { name: true, deletedAt: true } },
} as const;

type ReviewRow = {
  id: string;
  userId: string | null;
  rating: number;
  title: string | null;
  body: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: { name: string; deletedAt: Date | null } | null;
};

/** Only the first name is public; a deleted account's reviews stay, anonymous. */
function authorName(user: ReviewRow['user']): string {
  if (!user || user.deletedAt) return 'Former member';
  return user.name.trim().split(/\s+/)[0] || 'Member';
}

export function toReviewView(row: ReviewRow, verified: boolean): ReviewView {
  return {
    id: row.id,
    rating: row.rating,
    title: row.title,
    body: row.body,
    author: authorName(row.user),
    verified,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
