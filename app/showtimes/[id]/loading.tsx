import { Bone, Skeleton } from '@/components/ui/skeleton';

// The seat picker needs JavaScript anyway, so this page can stream behind a placeholder shaped
// like it: title lines, the legend, the screen and rows of seats.
export default function SeatPickerLoading() {
  return (
    <Skeleton label="Loading the seat map…">
      <div className="space-y-5">
        <div className="space-y-2">
          <Bone className="h-4 w-32" />
          <Bone className="h-8 w-2/3 max-w-md" />
          <Bone className="h-4 w-4/5 max-w-xl" />
          <Bone className="h-4 w-40" />
        </div>
        <div className="flex flex-wrap gap-3">
          {[0, 1, 2, 3, 4].map((i) => (
            <Bone key={i} className="h-5 w-24" />
          ))}
        </div>
        <div className="space-y-2 overflow-hidden rounded-lg border border-stone-200 p-4 dark:border-ink-700">
          <Bone className="mx-auto mb-6 h-2 w-2/3" />
          {Array.from({ length: 8 }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <div key={row} className="flex justify-center gap-1">
              {Array.from({ length: 12 }, (_, seat) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
                <Bone key={seat} className="h-6 w-5 rounded-t-md sm:w-7" />
              ))}
            </div>
          ))}
        </div>
      </div>
    </Skeleton>
  );
}
