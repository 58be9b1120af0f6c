// Room names in one place, so emitters and joiners can never disagree on spelling.
export function showtimeRoom(showtimeId: string): string {
  return `showtime:${showtimeId}`;
}

/** The live dashboard of one cinema (namespace /dashboard): its staff, managers and admins. */
export function dashboardRoom(cinemaId: string): string {
  return `dashboard:${cinemaId}`;
}

/** The cinema of a dashboard room, or null for any other room. */
export function cinemaOfDashboardRoom(room: string): string | null {
  return room.startsWith('dashboard:') ? room.slice('dashboard:'.length) : null;
}

/**
 * One user's waitlist offers for one showtime (namespace /seats). Only the server puts a socket
 * here, after checking its session is that user's (server/realtime/waitlist.ts): knowing the
 * name gets nobody in.
 */
export function waitlistRoom(showtimeId: string, userId: string): string {
  return `waitlist:${showtimeId}:${userId}`;
}
