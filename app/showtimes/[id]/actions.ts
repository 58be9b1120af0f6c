'use server';

import { z } from 'zod';
import { holdRequestSchema } from '@/lib/schemas/booking';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { action } from '@/server/http/action';

export const holdSeatsAction = action(
  { input: holdRequestSchema.extend({ showtimeId: z.uuid() }), auth: {} },
  (input, { viewer }) =>
    holdSeats({
      userId: viewer.id,
      showtimeId: input.showtimeId,
      seatIds: input.seatIds,
      accessible: input.accessible,
    }),
);

export const releaseHoldAction = action(
  { input: z.object({ holdId: z.uuid() }), auth: {} },
  (input, { viewer }) => releaseHold({ userId: viewer.id, holdId: input.holdId }),
);

export const seatMapAction = action(
  { input: z.object({ showtimeId: z.uuid() }), auth: 'optional' },
  async (input, { viewer }) => {
    const { map } = await getSeatMap(input.showtimeId, viewer?.id);
    return map;
  },
);
