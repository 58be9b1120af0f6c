'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useState, useTransition } from 'react';
import { REVIEW_BODY_MAX, REVIEW_TITLE_MAX, type ReviewView } from '@/lib/schemas/reviews';
import { deleteReviewAction, saveReviewAction } from '@/server/actions/reviews';

const STAR_WORDS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

/**
 * Write or edit one's review of a film. The rating is a group of native radio buttons (arrow
 * keys move between them, Tab leaves the group), drawn as stars.
 */
export function ReviewForm({ slug, mine }: { slug: string; mine: ReviewView | null }) {
  const router = useRouter();
  const id = useId();
  const [rating, setRating] = useState(mine?.rating ?? 0);
  const [hover, setHover] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [pending, startTransition] = useTransition();
  const shown = hover || rating;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (!rating) {
      setError('Choose a rating from 1 to 5 stars.');
      return;
    }
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await saveReviewAction({
        slug,
        rating,
        title: String(form.get('title') ?? ''),
        body: String(form.get('body') ?? ''),
      });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setNotice(result.data.created ? 'Thanks — your review is posted.' : 'Your review is updated.');
      router.refresh();
    });
  };

  const onDelete = () => {
    setError(null);
    startTransition(async () => {
      const result = await deleteReviewAction({ slug });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setConfirmDelete(false);
      setRating(0);
      setNotice('Your review is deleted.');
      router.refresh();
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby={`${id}-heading`}
      className="space-y-4 rounded-lg border border-stone-200 p-4 dark:border-ink-700"
      noValidate
    >
      <h3 id={`${id}-heading`} className="font-semibold">
        {mine ? 'Your review' : 'Write a review'}
      </h3>
      <fieldset>
        <legend className="text-sm font-medium">Your rating</legend>
        <div className="mt-1 flex items-center gap-3">
          {/* biome-ignore lint/a11y/noStaticElementInteractions: hover preview only; the radios carry the semantics */}
          <div className="flex" onMouseLeave={() => setHover(0)}>
            {[1, 2, 3, 4, 5].map((n) => (
              <span key={n} className="relative">
                <input
                  type="radio"
                  id={`${id}-star-${n}`}
                  name="rating"
                  value={n}
                  checked={rating === n}
                  onChange={() => setRating(n)}
                  className="peer absolute inset-0 h-full w-full cursor-pointer opacity-0"
                  onMouseEnter={() => setHover(n)}
                />
                <label
                  htmlFor={`${id}-star-${n}`}
                  className={`block px-0.5 text-3xl leading-none peer-focus-visible:rounded peer-focus-visible:outline-2 peer-focus-visible:outline-offset-1 peer-focus-visible:outline-brand-500 ${
                    n <= shown ? 'text-brand-600 dark:text-brand-400' : 'text-stone-500 dark:text-stone-400'
                  }`}
                >
                  {/* Outlined when not chosen, as in <Stars>: shape, not only colour. */}
                  <span aria-hidden="true">{n <= shown ? '★' : '☆'}</span>
                  <span className="sr-only">
                    {n} {n === 1 ? 'star' : 'stars'} ({STAR_WORDS[n]})
                  </span>
                </label>
              </span>
            ))}
          </div>
          <span aria-hidden="true" className="text-sm text-stone-600 dark:text-stone-400">
            {shown ? STAR_WORDS[shown] : ''}
          </span>
        </div>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={`${id}-title`} className="block text-sm font-medium">
          Headline <span className="font-normal text-stone-600 dark:text-stone-400">(optional)</span>
        </label>
        <input
          id={`${id}-title`}
          name="title"
          defaultValue={mine?.title ?? ''}
          maxLength={REVIEW_TITLE_MAX}
          className="block h-11 w-full rounded-md border border-stone-300 bg-white px-3 text-base dark:border-ink-700 dark:bg-ink-900"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-body`} className="block text-sm font-medium">
          Review <span className="font-normal text-stone-600 dark:text-stone-400">(optional)</span>
        </label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={4}
          defaultValue={mine?.body ?? ''}
          maxLength={REVIEW_BODY_MAX}
          className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-base dark:border-ink-700 dark:bg-ink-900"
        />
      </div>
      {error ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      ) : null}
      <p role="status" className="text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
        {notice}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="inline-flex h-11 items-center rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {pending ? 'Saving…' : mine ? 'Update review' : 'Post review'}
        </button>
        {mine && !confirmDelete ? (
          <button
            type="button"
            onClick={() => setConfirmDelete(true)}
            className="h-11 rounded-md px-3 text-sm font-medium text-red-700 underline dark:text-red-400"
          >
            Delete review
          </button>
        ) : null}
        {mine && confirmDelete ? (
          <span className="flex items-center gap-2 text-sm">
            Delete your review?
            <button
              type="button"
              onClick={onDelete}
              disabled={pending}
              className="h-9 rounded-md bg-red-700 px-3 font-semibold text-white hover:bg-red-800"
            >
              Delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)} className="h-9 px-2 underline">
              Keep it
            </button>
          </span>
        ) : null}
      </div>
    </form>
  );
}
