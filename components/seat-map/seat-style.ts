import type { SeatView } from '@/lib/seat-map';

// One place for how a seat looks, shared by the static map and the live picker.
export const CATEGORY_STYLE: Record<SeatView['category'], string> = {
  STANDARD: 'border-sky-500 text-sky-700 dark:text-sky-300',
  PREMIUM: 'border-violet-500 text-violet-700 dark:text-violet-300',
  RECLINER: 'border-amber-500 text-amber-700 dark:text-amber-300',
};

export const STATE_STYLE: Record<SeatView['state'], string> = {
  available: 'bg-white dark:bg-ink-900',
  held: 'bg-stone-300 text-stone-500 border-stone-300 dark:bg-ink-700 dark:border-ink-700 dark:text-stone-500',
  sold: 'bg-stone-400 text-stone-600 border-stone-400 dark:bg-stone-700 dark:border-stone-700 dark:text-stone-400',
  blocked: 'bg-transparent border-dashed border-stone-300 text-stone-300 dark:border-ink-700',
};

export const KIND_SYMBOL: Record<SeatView['kind'], string | null> = {
  STANDARD: null,
  WHEELCHAIR: '♿',
  COMPANION: '⊕',
};
