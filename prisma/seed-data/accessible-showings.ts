import type { AccessFeature } from '@/prisma/generated/client';
import type { ShowDraft } from './schedule';

// Accessible showings in the demo (issue 16.3), as a cinema would programme them: set per session
// by the cinema, never at random, so the demo reads the same after every seed.
//   - Relaxed: each cinema's first show of Sunday on its first screen, every week (the "family
//     relaxed screening" many chains run at the weekend's first show).
//   - Audio described: the first show of Saturday and Tuesday on each cinema's first screen.
//   - Open captions: Thursday's early-evening shows (17:00–19:59) on each cinema's first screen.
//   - Subtitled: evening shows (from 17:00) in a regional language (not Hindi or English), for
//     audiences who do not speak it.
// The wheelchair-accessible screen is not set here: it is the screens whose layouts have
// wheelchair spaces (seed-data/screens.ts).

const IST_OFFSET_MS = 330 * 60_000;

function istParts(at: Date): { day: string; weekday: number; minute: number } {
  const local = new Date(at.getTime() + IST_OFFSET_MS);
  return {
    day: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

const SUNDAY = 0;
const TUESDAY = 2;
const THURSDAY = 4;
const SATURDAY = 6;

export function accessibleShowings(
  shows: readonly ShowDraft[],
  /** Each cinema's first screen. */
  firstScreens: ReadonlySet<string>,
): Map<string, AccessFeature[]> {
  const features = new Map<string, AccessFeature[]>();
  const add = (id: string, f: AccessFeature) => features.set(id, [...(features.get(id) ?? []), f]);
  // The first show of each day on each screen.
  const firsts = new Map<string, ShowDraft>();
  for (const show of shows) {
    const key = `${show.screenId}|${istParts(show.startsAt).day}`;
    const first = firsts.get(key);
    if (!first || show.startsAt < first.startsAt) firsts.set(key, show);
  }
  const firstIds = new Set([...firsts.values()].map((s) => s.id));
  for (const show of shows) {
    const { weekday, minute } = istParts(show.startsAt);
    const onFirstScreen = firstScreens.has(show.screenId);
    const first = firstIds.has(show.id);
    if (show.language !== 'Hindi' && show.language !== 'English' && minute >= 17 * 60)
      add(show.id, 'SUBTITLED');
    if (onFirstScreen && weekday === THURSDAY && minute >= 17 * 60 && minute < 20 * 60)
      add(show.id, 'CAPTIONED');
    if (onFirstScreen && first && (weekday === SATURDAY || weekday === TUESDAY))
      add(show.id, 'AUDIO_DESCRIBED');
    if (onFirstScreen && first && weekday === SUNDAY) add(show.id, 'RELAXED');
  }
  return features;
}

/**
 * The same programme as slots of each cinema's first screen's rolling template, so the days the
 * rolling-programme job adds after the seed's fortnight carry it too (the first show of the day
 * is the template's first show, so a window of its first hour finds it). Subtitles follow a film's
 * language, which a slot cannot know: sessions the job makes in a regional language are not.
 */
export function firstScreenAccessSlots(firstShowMinute: number): {
  weekdays: number[];
  fromMinute: number;
  untilMinute: number;
  features: AccessFeature[];
}[] {
  const firstHour = { fromMinute: firstShowMinute, untilMinute: firstShowMinute + 59 };
  // ISO weekdays: 1 Monday … 7 Sunday.
  return [
    { weekdays: [2, 6], ...firstHour, features: ['AUDIO_DESCRIBED'] },
    { weekdays: [4], fromMinute: 17 * 60, untilMinute: 20 * 60 - 1, features: ['CAPTIONED'] },
    { weekdays: [7], ...firstHour, features: ['RELAXED'] },
  ];
}
