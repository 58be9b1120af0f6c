import { z } from 'zod';
import type { Ack } from '@/lib/realtime-protocol';

// The live dashboard's protocol on Socket.IO namespace /dashboard, typed for both ends. Only
// staff, managers and admins connect (managers and admins after their second factor, as the
// admin area asks); a socket then watches each cinema it may see, and hears that something sold
// or was cancelled there, right after the commit. The numbers themselves are read again from
// the server (the page), never summed up from messages, so a missed message costs nothing but
// freshness until the next one.

export const DASHBOARD_NAMESPACE = '/dashboard';

export const dashboardWatchSchema = z.object({ cinemaId: z.uuid() });

export type DashboardChange = {
  cinemaId: string;
  showtimeId: string;
  kind: 'sold' | 'cancelled';
  /** Server time of the commit, ms since epoch. */
  committedAt: number;
};

/**
 * The server stopped telling this socket about some cinemas: its session ended ("sign out
 * everywhere", a new password, the account deleted: UNAUTHENTICATED), or the account may no longer
 * watch them (a role or cinema taken away: FORBIDDEN). When nothing is left to watch the server
 * then disconnects the socket (and it does not reconnect by itself).
 */
export type DashboardEnded = {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  message: string;
  /** The cinemas this socket no longer hears about. */
  cinemaIds: string[];
};

export type DashboardServerToClient = {
  'dashboard:changed': (change: DashboardChange) => void;
  'dashboard:ended': (notice: DashboardEnded) => void;
};

export type DashboardClientToServer = {
  'dashboard:watch': (payload: z.input<typeof dashboardWatchSchema>, ack: (r: Ack<object>) => void) => void;
};
