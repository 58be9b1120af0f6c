import { SummaryBones } from '@/components/booking/skeleton';
import { Bone, Skeleton } from '@/components/ui/skeleton';

export default function BookingLoading() {
  return (
    <Skeleton label="Loading your booking…">
      <div className="mx-auto max-w-4xl space-y-6">
        <div className="space-y-2">
          <Bone className="h-4 w-32" />
          <Bone className="h-10 w-56" />
        </div>
        <SummaryBones />
        <div className="flex flex-wrap gap-2">
          <Bone className="h-11 w-48 rounded-md" />
          <Bone className="h-11 w-36 rounded-md" />
          <Bone className="h-11 w-32 rounded-md" />
        </div>
        <Bone className="h-7 w-24" />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {[0, 1].map((i) => (
            <Bone key={i} className="h-72 w-full rounded-lg" />
          ))}
        </div>
      </div>
    </Skeleton>
  );
}
