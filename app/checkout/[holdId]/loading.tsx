import { SummaryBones } from '@/components/booking/skeleton';
import { Bone, Skeleton } from '@/components/ui/skeleton';

export default function CheckoutLoading() {
  return (
    <Skeleton label="Loading checkout…">
      <div className="mx-auto max-w-5xl space-y-6">
        <div className="space-y-4">
          <Bone className="h-4 w-28" />
          <Bone className="h-8 w-40" />
          <SummaryBones />
        </div>
        <Bone className="h-16 w-full rounded-lg" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
          <Bone className="h-80 w-full rounded-lg lg:order-2" />
          <div className="space-y-4 lg:order-1">
            <Bone className="h-6 w-32" />
            <Bone className="h-16 w-full" />
            <div className="grid grid-cols-2 gap-3">
              <Bone className="h-16 w-full" />
              <Bone className="h-16 w-full" />
            </div>
            <Bone className="h-16 w-full" />
            <Bone className="h-11 w-full rounded-md" />
          </div>
        </div>
      </div>
    </Skeleton>
  );
}
