/** A read-only star rating: five stars, `rating` of them filled, announced as "4 out of 5 stars". */
export function Stars({ rating, className = '' }: { rating: number; className?: string }) {
  const full = Math.round(rating);
  return (
    <span role="img" aria-label={`${rating} out of 5 stars`} className={`whitespace-nowrap ${className}`}>
      <span aria-hidden="true" className="text-brand-600 dark:text-brand-400">
        {'★'.repeat(full)}
      </span>
      <span aria-hidden="true" className="text-stone-300 dark:text-stone-600">
        {'★'.repeat(5 - full)}
      </span>
    </span>
  );
}
