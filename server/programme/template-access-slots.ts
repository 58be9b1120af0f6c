import 'server-only';
import { type AccessFeature, canonicalFeatures } from '@/lib/accessibility';
import { formatTimeOfDay, isoWeekday, parseTimeOfDay } from '@/lib/local-time';
import { type AccessSlot, WEEKDAYS } from '@/lib/schemas/programme';

// A rolling programme's accessible-showing slots, between the API's shape (days by name, times
// 'HH:MM') and the table's (ISO weekdays, minutes), and the rule the job applies to a session.

export type AccessSlotRow = {
  weekdays: number[];
  fromMinute: number;
  untilMinute: number;
  features: AccessFeature[];
};

export const ACCESS_SLOT_SELECT = {
  select: { weekdays: true, fromMinute: true, untilMinute: true, features: true },
  orderBy: { position: 'asc' },
} as const;

/** As stored: weekdays and features each once, in order (the table's CHECKs). */
export function accessSlotRows(slots: readonly AccessSlot[]): (AccessSlotRow & { position: number })[] {
  return slots.map((s, position) => ({
    position,
    weekdays: WEEKDAYS.flatMap((d, i) => (s.days.includes(d) ? [i + 1] : [])),
    fromMinute: parseTimeOfDay(s.from),
    untilMinute: parseTimeOfDay(s.until),
    features: canonicalFeatures(s.features),
  }));
}

export function accessSlotView(row: AccessSlotRow): AccessSlot {
  return {
    days: row.weekdays.flatMap((n) => WEEKDAYS[n - 1] ?? []),
    from: formatTimeOfDay(row.fromMinute),
    until: formatTimeOfDay(row.untilMinute),
    features: canonicalFeatures(row.features),
  };
}

/** The features a session starting on this local date and minute gets: those of every slot it falls in. */
export function accessFeaturesAt(
  slots: readonly AccessSlotRow[],
  date: string,
  minute: number,
): AccessFeature[] {
  const weekday = isoWeekday(date);
  return canonicalFeatures(
    slots
      .filter((s) => s.weekdays.includes(weekday) && s.fromMinute <= minute && minute <= s.untilMinute)
      .flatMap((s) => s.features),
  );
}
