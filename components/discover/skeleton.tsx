import { Bone } from '@/components/ui/skeleton';

/** Date tabs and two cinema (or film) groups of showtimes. */
export function ShowtimesBones() {
  return (
    <div className="space-y-4">
      <div className="flex gap-2 overflow-hidden">
        {Array.from({ length: 7 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Bone key={i} className="h-10 w-24 shrink-0 rounded-lg" />
        ))}
      </div>
      {[0, 1].map((i) => (
        <div key={i} className="space-y-3 rounded-lg border border-stone-200 p-4 dark:border-ink-700">
          <Bone className="h-5 w-48" />
          <Bone className="h-4 w-28" />
          <div className="flex flex-wrap gap-2">
            {[0, 1, 2, 3].map((j) => (
              <Bone key={j} className="h-16 w-28 rounded-md" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
