// Room names in one place, so emitters and joiners can never disagree on spelling.
export function showtimeRoom(showtimeId: string): string {
  return `showtime:${showtimeId}`;
}

/** The live dashboard of one cinema (namespace /dashboard): its staff, managers and admins. */
export function dashboardRoom(cinemaId: string): string {
  return `dashboard:${cinemaId}`;
}
