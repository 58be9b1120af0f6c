import { Bone } from '@/components/ui/skeleton';

/** The poster-and-lines block of ShowSummary. */
export function SummaryBones() {
  return (
    <div className="flex gap-4">
      <Bone className="h-[120px] w-20 shrink-0 rounded-md" />
      <div className="flex-1 space-y-2 pt-1">
        <Bone className="h-7 w-2/3 max-w-72" />
        <Bone className="h-4 w-32" />
        <Bone className="h-5 w-40" />
        <Bone className="h-4 w-3/4 max-w-80" />
      </div>
    </div>
  );
}
