/** A read-only star rating: five stars, `rating` of them filled, announced as "4 out of 5 stars". */
export function Stars({ rating, className = '' }: { rating: number; className?: string }) {
  const full = Math.round(rating);
  return (
    <span role="img" aria-label={`${rating} out of 5 stars`} className={`whitespace-nowrap ${className}`}>
      <span aria-hidden="true" className="text-brand-600 dark:text-brand-400">
        {'★'.repeat(full)}
      </span>
      {/* Empty stars are outlined, not just paler: the rating reads by shape as well as colour,
          and the outline keeps 3:1 against the page (WCAG 1.4.11). */}
      <span aria-hidden="true" className="text-stone-500 dark:text-stone-400">
        {'☆'.repeat(5 - full)}
      </span>
    </span>
  );
}
