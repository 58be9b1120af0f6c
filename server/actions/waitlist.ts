'use server';

import { z } from 'zod';
import { joinWaitlistRequestSchema } from '@/lib/schemas/waitlist';
import { action } from '@/server/http/action';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { leaveWaitlist } from '@/server/waitlist/leave-waitlist';

export const joinWaitlistAction = action(
  { input: joinWaitlistRequestSchema.extend({ showtimeId: z.uuid() }), auth: {} },
  (input, { viewer }) =>
    joinWaitlist({ userId: viewer.id, showtimeId: input.showtimeId, seats: input.seats }),
);

export const leaveWaitlistAction = action(
  { input: z.object({ showtimeId: z.uuid() }), auth: {} },
  (input, { viewer }) => leaveWaitlist({ userId: viewer.id, showtimeId: input.showtimeId }),
);
