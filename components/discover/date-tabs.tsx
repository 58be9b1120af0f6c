import Link from 'next/link';
import { formatDay } from '@/lib/format';

/** Labels for the next fortnight's dates: "Today", "Tomorrow", then "Wed, 25 Nov". */
export function dayLabel(date: string, today: string, tomorrow?: string): string {
  if (date === today) return 'Today';
  if (date === tomorrow) return 'Tomorrow';
  return formatDay(`${date}T12:00:00+05:30`);
}

/** The date picker of the film and cinema pages: plain links, so it works without JavaScript. */
export function DateTabs({
  dates,
  current,
  href,
}: {
  dates: string[];
  current: string;
  href: (date: string) => string;
}) {
  return (
    <nav aria-label="Choose a date" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex gap-2 pb-2">
        {dates.map((d) => (
          <li key={d}>
            <Link
              href={href(d)}
              scroll={false}
              aria-current={d === current ? 'date' : undefined}
              className={`block whitespace-nowrap rounded-lg border px-3 py-2 text-sm ${
                d === current
                  ? 'border-brand-700 bg-brand-700 text-white'
                  : 'border-stone-300 hover:border-brand-500 dark:border-ink-700'
              }`}
            >
              {formatDay(`${d}T12:00:00+05:30`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
