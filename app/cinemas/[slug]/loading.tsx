import { ShowtimesBones } from '@/components/discover/skeleton';
import { Bone, Skeleton } from '@/components/ui/skeleton';

export default function CinemaLoading() {
  return (
    <Skeleton label="Loading the cinema…">
      <div className="space-y-10">
        <div className="space-y-3">
          <Bone className="h-4 w-36" />
          <Bone className="h-10 w-2/3 max-w-md" />
          <Bone className="h-5 w-96 max-w-full" />
          <Bone className="h-4 w-72 max-w-full" />
          <div className="flex gap-2">
            {[0, 1, 2, 3].map((i) => (
              <Bone key={i} className="h-7 w-24 rounded-full" />
            ))}
          </div>
        </div>
        <div className="space-y-4">
          <Bone className="h-8 w-40" />
          <ShowtimesBones />
        </div>
      </div>
    </Skeleton>
  );
}
