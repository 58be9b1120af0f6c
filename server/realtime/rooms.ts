// Room names in one place, so emitters and joiners can never disagree on spelling.
export function showtimeRoom(showtimeId: string): string {
  return `showtime:${showtimeId}`;
}
