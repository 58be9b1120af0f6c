export type BadgeStatus = 'CONFIRMED' | 'CANCELLED' | 'PAST';

const STYLE: Record<BadgeStatus, { label: string; className: string }> = {
  CONFIRMED: {
    label: 'Confirmed',
    className: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  },
  CANCELLED: { label: 'Cancelled', className: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200' },
  PAST: { label: 'Past', className: 'bg-stone-200 text-stone-800 dark:bg-ink-700 dark:text-stone-200' },
};

export function StatusBadge({ status }: { status: BadgeStatus }) {
  const s = STYLE[status];
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${s.className}`}>
      {s.label}
    </span>
  );
}
