import { CATEGORY_STYLE } from '@/components/seat-map/seat-style';
import type { SeatCategoryName } from '@/lib/seat-map';

/** A category's little seat, for legends, tables and buttons: decorative, the words beside it say it. */
export function CategorySwatch({
  category,
  size = 'h-3.5 w-3.5',
}: {
  category: SeatCategoryName;
  size?: string;
}) {
  return (
    <span
      aria-hidden="true"
      className={`inline-block shrink-0 rounded-t border-2 ${size} ${CATEGORY_STYLE[category]}`}
    />
  );
}
