-- A waiting customer's place in line, pushed live (server/waitlist/renumber-waitlist.ts). The
-- database keeps the place each waiter was last told (by the join's answer or a push), so a change
-- of the line, on whichever instance it happens, tells exactly the waiters whose place moved and
-- nobody else, with no per-instance memory that two instances could disagree on.
ALTER TABLE "waitlist_entries" ADD COLUMN "told_position" INTEGER;

-- Today's waiters have been shown their place as it is now (on each page load and connect): record
-- it, so the first change after the upgrade tells only those whose place it moves.
UPDATE "waitlist_entries" w SET "told_position" = line.n
FROM (
  SELECT id, (row_number() OVER (PARTITION BY showtime_id ORDER BY created_at, id))::int AS n
  FROM "waitlist_entries" WHERE status = 'WAITING'
) line
WHERE w.id = line.id;

-- One showtime's line numbered again (1 = next in line, over WAITING entries in the order they
-- joined), in one statement with a window function: the entries whose number changed since they
-- were last told get it recorded, and are returned to be pushed. The transaction-scoped advisory
-- lock comes first, in its own statement, so that the numbering statement's snapshot is taken
-- after the lock: two instances renumbering one showtime take turns, and the later one always
-- reads a line at least as new as the earlier one did (an earlier, staler numbering can never
-- overwrite a newer one).
CREATE FUNCTION "waitlist_renumber"(p_showtime UUID)
RETURNS TABLE ("entry_id" UUID, "waiter_id" UUID, "place" INTEGER)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('marquee:waitlist-line'), hashtext(p_showtime::text));
  RETURN QUERY
    WITH line AS (
      SELECT w.id, (row_number() OVER (ORDER BY w.created_at, w.id))::int AS n
      FROM waitlist_entries w
      WHERE w.showtime_id = p_showtime AND w.status = 'WAITING'
    )
    UPDATE waitlist_entries w SET told_position = line.n
    FROM line
    WHERE w.id = line.id AND w.told_position IS DISTINCT FROM line.n
    RETURNING w.id, w.user_id, line.n;
END;
$$;
