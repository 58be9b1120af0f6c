import { ShowtimesBones } from '@/components/discover/skeleton';
import { Bone, Skeleton } from '@/components/ui/skeleton';

export default function MovieLoading() {
  return (
    <Skeleton label="Loading the film…">
      <div className="space-y-10">
        <div className="grid gap-6 sm:grid-cols-[200px_1fr]">
          <Bone className="mx-auto aspect-[2/3] w-40 rounded-lg sm:w-full" />
          <div className="space-y-3">
            <Bone className="h-10 w-2/3 max-w-md" />
            <Bone className="h-4 w-80 max-w-full" />
            <Bone className="h-4 w-40" />
            <Bone className="h-20 w-full max-w-prose" />
            <Bone className="h-4 w-64 max-w-full" />
          </div>
        </div>
        <div className="space-y-4">
          <Bone className="h-8 w-64" />
          <ShowtimesBones />
        </div>
      </div>
    </Skeleton>
  );
}
