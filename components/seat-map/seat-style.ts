import type { SeatView } from '@/lib/seat-map';

// One place for how a seat looks, shared by the static map and the live picker.
export const CATEGORY_STYLE: Record<SeatView['category'], string> = {
  STANDARD: 'border-sky-500 text-sky-700 dark:text-sky-300',
  PREMIUM: 'border-violet-500 text-violet-700 dark:text-violet-300',
  RECLINER: 'border-amber-500 text-amber-700 dark:text-amber-300',
};

export const KIND_SYMBOL: Record<SeatView['kind'], string | null> = {
  STANDARD: null,
  WHEELCHAIR: '♿',
  COMPANION: '⊕',
};
