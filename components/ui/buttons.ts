// The admin's buttons, one look everywhere (the layout editor, the film forms, lists).

const buttonShape =
  'inline-flex min-h-9 items-center justify-center gap-1 rounded-md border px-3 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';
export const buttonBase = `${buttonShape} border-stone-300 bg-white hover:bg-stone-100 dark:border-ink-700 dark:bg-ink-900 dark:hover:bg-ink-800`;
/** A tool that is on (aria-pressed). */
export const buttonPressed = `${buttonShape} border-stone-900 bg-stone-900 text-white hover:bg-stone-800 dark:border-stone-100 dark:bg-stone-100 dark:text-ink-950 dark:hover:bg-stone-200`;
export const primaryButton =
  'inline-flex min-h-9 items-center justify-center rounded-md bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60';
/** Something that takes a thing away from the public (archive). */
export const dangerButton = `${buttonShape} border-red-300 bg-white text-red-800 hover:bg-red-50 dark:border-red-800 dark:bg-ink-900 dark:text-red-300 dark:hover:bg-red-950`;
