import { Bone, Skeleton } from '@/components/ui/skeleton';

export default function MyBookingsLoading() {
  return (
    <Skeleton label="Loading your bookings…">
      <div className="mx-auto max-w-3xl space-y-8">
        <Bone className="h-9 w-52" />
        <div className="space-y-3">
          <Bone className="h-7 w-28" />
          {[0, 1, 2].map((i) => (
            <div
              key={i}
              className="flex gap-4 rounded-lg border border-stone-200 p-3 sm:p-4 dark:border-ink-700"
            >
              <Bone className="h-24 w-16 shrink-0" />
              <div className="flex-1 space-y-2">
                <Bone className="h-5 w-1/2" />
                <Bone className="h-4 w-40" />
                <Bone className="h-4 w-2/3" />
                <Bone className="h-4 w-32" />
              </div>
            </div>
          ))}
        </div>
      </div>
    </Skeleton>
  );
}
