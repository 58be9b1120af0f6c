import { withE2eDb } from './db';

// Sold-out showtimes for the waitlist's browser tests. The showtime is sold out directly in the
// database (a browser would need dozens of accounts), on a show two days ahead so the other e2e
// tests (tomorrow's shows) never meet it.

type SeatRow = { id: string; label: string; row_index: number; col: number };

/** Sells out a showtime: every seat held by manager@, except one pair side by side held by staff@. */
export async function soldOutShowtime(): Promise<{ showtimeId: string; pairHoldId: string; pair: string[] }> {
  return withE2eDb(async (sql) => {
    const show = await sql.query<{ id: string }>(
      `SELECT s.id::text FROM showtimes s
       WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '2 days'
         AND NOT EXISTS (SELECT 1 FROM seat_claims c WHERE c.showtime_id = s.id AND c.state IN ('HELD', 'SOLD'))
         AND NOT EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.showtime_id = s.id)
       ORDER BY s.starts_at LIMIT 1`,
    );
    const showtimeId = show.rows[0]?.id;
    if (!showtimeId) throw new Error('no showtime two days ahead');
    const seats = await sql.query<SeatRow>(
      `SELECT s.id::text, s.row_label || s.number AS label, s.row_index, s.col
       FROM seats s JOIN showtimes sh ON sh.screen_id = s.screen_id
       WHERE sh.id = $1::uuid AND NOT s.blocked
       ORDER BY s.row_index, s.col`,
      [showtimeId],
    );
    const standard = await sql.query<{ id: string }>(
      `SELECT s.id::text FROM seats s JOIN showtimes sh ON sh.screen_id = s.screen_id
       WHERE sh.id = $1::uuid AND s.kind = 'STANDARD'`,
      [showtimeId],
    );
    const ordinary = new Set(standard.rows.map((r) => r.id));
    const rows = seats.rows;
    const at = rows.findIndex((s, i) => {
      const next = rows[i + 1];
      return (
        next &&
        ordinary.has(s.id) &&
        ordinary.has(next.id) &&
        next.row_index === s.row_index &&
        next.col === s.col + 1
      );
    });
    const pair = [rows[at], rows[at + 1]] as SeatRow[];
    const users = await sql.query<{ email: string; id: string }>(
      `SELECT email, id::text FROM users WHERE email IN ('staff@marquee.test', 'manager@marquee.test')`,
    );
    const userId = (email: string) => users.rows.find((u) => u.email === email)?.id;
    await sql.query('BEGIN');
    const hold = async (user: string | undefined, seatIds: string[]) => {
      const h = await sql.query<{ id: string }>(
        `INSERT INTO seat_holds (user_id, showtime_id, expires_at, price, total_minor)
         VALUES ($1::uuid, $2::uuid, now() + interval '1 hour', '{}'::jsonb, 0) RETURNING id::text`,
        [user, showtimeId],
      );
      const holdId = h.rows[0]?.id as string;
      await sql.query(
        `INSERT INTO seat_claims (hold_id, showtime_id, seat_id, expires_at, category, price_minor)
         SELECT $1::uuid, $2::uuid, s.id, now() + interval '1 hour', s.category, 0
         FROM seats s WHERE s.id = ANY($3::uuid[])`,
        [holdId, showtimeId, seatIds],
      );
      return holdId;
    };
    const pairIds = pair.map((s) => s.id);
    await hold(
      userId('manager@marquee.test'),
      rows.map((s) => s.id).filter((id) => !pairIds.includes(id)),
    );
    const pairHoldId = await hold(userId('staff@marquee.test'), pairIds);
    // Every seat change bumps its rows' versions (migration 20261203210000_seat_rows).
    await sql.query(
      `SELECT bump_seat_rows($1::uuid, ARRAY(
         SELECT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
         WHERE c.showtime_id = $1::uuid AND c.state = 'HELD'))`,
      [showtimeId],
    );
    await sql.query('COMMIT');
    return { showtimeId, pairHoldId, pair: pair.map((s) => s.label) };
  });
}

/** Puts the showtime back on sale for anyone who runs after this test. */
export async function reopen(showtimeId: string) {
  await withE2eDb(async (sql) => {
    await sql.query(
      `UPDATE waitlist_entries SET status = 'CANCELLED', updated_at = now()
       WHERE showtime_id = $1::uuid AND status IN ('WAITING', 'OFFERED')`,
      [showtimeId],
    );
    await sql.query(
      `UPDATE seat_claims SET state = 'RELEASED', updated_at = now() WHERE showtime_id = $1::uuid AND state = 'HELD'`,
      [showtimeId],
    );
    await sql.query(
      `UPDATE seat_holds SET status = 'RELEASED', ended_at = now() WHERE showtime_id = $1::uuid AND status = 'ACTIVE'`,
      [showtimeId],
    );
  });
}
