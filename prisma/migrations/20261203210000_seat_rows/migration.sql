-- Holds by seat row (issue 12, item 3). The unit of seat concurrency, and of the order of live
-- seat updates, moves from the whole showtime (showtimes.seat_version, bumped and compared by
-- every hold, so every hold on a showtime waited for the one before) to the row of seats: two
-- holds conflict only when they change seats of the same row. That is also everything the orphan
-- rule reads (server/booking/seat-rules.ts judges each row on its own), so two holds that together
-- would strand a seat always touch the same row and cannot both commit.
--
-- The rule every seat writer keeps: a transaction that changes whether a seat is taken (a claim
-- inserted, released, expired, sold or cancelled) bumps the version of that seat's row, once per
-- transaction, and takes its locks in one order: payment → hold(s) → seat rows (ascending) →
-- showtime → claims. A showtime's cancellation bumps every row first.

-- CreateTable
CREATE TABLE "showtime_seat_rows" (
    "showtime_id" UUID NOT NULL,
    "row_index" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "bumped_by" BIGINT,

    CONSTRAINT "showtime_seat_rows_pkey" PRIMARY KEY ("showtime_id","row_index")
);

-- AddForeignKey
ALTER TABLE "showtime_seat_rows" ADD CONSTRAINT "showtime_seat_rows_showtime_id_fkey" FOREIGN KEY ("showtime_id") REFERENCES "showtimes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "showtimes" DROP COLUMN "seat_version";

-- ─── By hand: what Prisma's schema cannot say ───────────────────────────────

ALTER TABLE "showtime_seat_rows" ADD CONSTRAINT "showtime_seat_rows_version_nonneg" CHECK ("version" >= 0);

-- Each bump must be a HOT update (no new index entry): under SERIALIZABLE an index insertion is
-- checked against the page-level read locks of every transaction that looked up a row on that
-- index page, which would make holds in different rows (and on other showtimes whose rows share
-- the page) conflict. Room on every page keeps the new row version on the same page.
ALTER TABLE "showtime_seat_rows" SET (fillfactor = 50);

-- Every row exists before the first hold, for the same reason: creating one is an index insertion.
INSERT INTO "showtime_seat_rows" ("showtime_id", "row_index")
SELECT DISTINCT sh."id", s."row_index" FROM "showtimes" sh JOIN "seats" s ON s."screen_id" = sh."screen_id";

CREATE FUNCTION "showtimes_add_seat_rows"() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  INSERT INTO showtime_seat_rows (showtime_id, row_index)
  SELECT DISTINCT a.id, s.row_index FROM added a JOIN seats s ON s.screen_id = a.screen_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "showtimes_add_seat_rows"
  AFTER INSERT ON "showtimes" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION "showtimes_add_seat_rows"();

-- A claim's seat must be in its showtime's screen and its hold for its showtime (migration
-- 20261122000100_invariants). The same checks, each by primary key: the hold is no longer looked
-- for through seat_holds_showtime_id_idx, whose page for a showtime every hold on it writes to.
-- Under SERIALIZABLE that read made any two holds on one showtime a read/write conflict, which
-- did not matter while a showtime's holds went one at a time.
CREATE OR REPLACE FUNCTION "seat_claims_check_seat"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  seat_screen uuid;
  show_screen uuid;
  hold_showtime uuid;
BEGIN
  SELECT "screen_id" INTO seat_screen FROM "seats" WHERE "id" = NEW."seat_id";
  SELECT "screen_id" INTO show_screen FROM "showtimes" WHERE "id" = NEW."showtime_id";
  IF seat_screen IS NULL OR seat_screen IS DISTINCT FROM show_screen THEN
    RAISE EXCEPTION 'seat % is not in the screen of showtime %', NEW."seat_id", NEW."showtime_id"
      USING ERRCODE = '23514', CONSTRAINT = 'seat_claims_seat_in_screen';
  END IF;
  SELECT "showtime_id" INTO hold_showtime FROM "seat_holds" WHERE "id" = NEW."hold_id";
  IF hold_showtime IS DISTINCT FROM NEW."showtime_id" THEN
    RAISE EXCEPTION 'hold % is not for showtime %', NEW."hold_id", NEW."showtime_id"
      USING ERRCODE = '23514', CONSTRAINT = 'seat_claims_hold_showtime';
  END IF;
  RETURN NEW;
END $$;

-- Bumps the given rows of a showtime, in ascending order (the lock order), at most once per
-- transaction however many steps of it touch a row (one transaction is one live-update batch, and
-- a viewer that sees a row jump by two resyncs). Returns {"<row>": version}. A row the screen
-- gained after the showtime was created is made here.
CREATE FUNCTION "bump_seat_rows"("p_showtime" uuid, "p_rows" integer[]) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  me constant bigint := pg_current_xact_id()::text::bigint;
  r integer;
  v integer;
  bumped jsonb := '{}';
BEGIN
  FOR r IN SELECT DISTINCT x FROM unnest(p_rows) AS x WHERE x IS NOT NULL ORDER BY x LOOP
    UPDATE showtime_seat_rows
       SET version = CASE WHEN bumped_by = me THEN version ELSE version + 1 END, bumped_by = me
     WHERE showtime_id = p_showtime AND row_index = r
    RETURNING version INTO v;
    IF NOT FOUND THEN
      INSERT INTO showtime_seat_rows AS t (showtime_id, row_index, version, bumped_by)
      VALUES (p_showtime, r, 1, me)
      ON CONFLICT (showtime_id, row_index) DO UPDATE
        SET version = CASE WHEN t.bumped_by = me THEN t.version ELSE t.version + 1 END, bumped_by = me
      RETURNING version INTO v;
    END IF;
    bumped := bumped || jsonb_build_object(r::text, v);
  END LOOP;
  RETURN bumped;
END $$;

-- Ends holds of one showtime (released by their owner, expired, or dropped by a declined or
-- reversed payment) and frees their seats: holds, then the rows of the seats that change, then
-- the claims. A hold under a payment in progress is left alone until its extended time has run
-- out. Returns {"versions": {"<row>": version}, "holdIds": [...], "seats": [{seatId, holdId}]};
-- rows are bumped only where a seat changes. Named holds are found by primary key and their
-- claims through hold_id, with other tests on ::text so that no other index can serve them (see
-- hold_seats below); only the sweep (p_due) searches the showtime's holds.
CREATE FUNCTION "end_holds"("p_showtime" uuid, "p_holds" uuid[], "p_due" boolean, "p_as" text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  ended uuid[];
  bumped jsonb := '{}';
  freed jsonb;
BEGIN
  IF p_due THEN
    WITH e AS (
      UPDATE seat_holds SET status = p_as::"HoldStatus", ended_at = now()
      WHERE showtime_id = p_showtime AND status = 'ACTIVE' AND (id = ANY(p_holds) OR expires_at <= now())
        -- Never under a payment in progress, until the time it was given has run out.
        AND (NOT payment_pending OR expires_at <= now())
      RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO ended FROM e;
  ELSE
    WITH e AS (
      UPDATE seat_holds SET status = p_as::"HoldStatus", ended_at = now()
      WHERE id = ANY(p_holds) AND showtime_id::text = p_showtime::text AND status::text = 'ACTIVE'
        AND (NOT payment_pending OR expires_at <= now())
      RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO ended FROM e;
  END IF;
  IF cardinality(ended) = 0 THEN
    RETURN jsonb_build_object('versions', bumped, 'holdIds', '[]'::jsonb, 'seats', '[]'::jsonb);
  END IF;
  bumped := bump_seat_rows(p_showtime, ARRAY(
    SELECT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
    WHERE c.hold_id = ANY(ended) AND c.state::text = 'HELD'));
  WITH c AS (
    UPDATE seat_claims SET state = p_as::"ClaimState", updated_at = now()
    WHERE hold_id = ANY(ended) AND state::text = 'HELD'
    RETURNING seat_id, hold_id
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('seatId', seat_id, 'holdId', hold_id)), '[]') INTO freed FROM c;
  RETURN jsonb_build_object('versions', bumped, 'holdIds', to_jsonb(ended), 'seats', freed);
END $$;

-- The owner gives a hold back, in one statement (server/booking/release-hold.ts): nothing is
-- written when the hold is someone else's ("not_found"), converted or already ended, or under a
-- payment in progress ("paying": the caller settles that payment first and asks again; the flag
-- is kept by the trigger payments_mark_hold). Otherwise the hold ends through end_holds and the
-- result is end_holds' plus {"outcome": "released", "showtimeId"}.
CREATE FUNCTION "release_hold"("p_hold" uuid, "p_user" uuid) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  h record;
BEGIN
  SELECT user_id, showtime_id, status::text AS status, payment_pending INTO h FROM seat_holds WHERE id = p_hold;
  IF NOT FOUND OR h.user_id IS DISTINCT FROM p_user THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  IF h.status = 'CONVERTED' THEN
    RETURN jsonb_build_object('outcome', 'converted');
  END IF;
  IF h.status <> 'ACTIVE' THEN
    RETURN jsonb_build_object('outcome', 'ended');
  END IF;
  IF h.payment_pending THEN
    RETURN jsonb_build_object('outcome', 'paying');
  END IF;
  RETURN jsonb_build_object('outcome', 'released', 'showtimeId', h.showtime_id)
    || end_holds(h.showtime_id, ARRAY[p_hold], false, 'RELEASED');
END $$;

-- What a hold is judged against (server/booking/hold-seats.ts), read at READ COMMITTED before
-- the write, in one snapshot (a STABLE function's statements share the calling query's): the
-- showtime's status, the caller's previous ACTIVE holds and the rows where they hold seats, and
-- for each of those rows and the chosen ones (p_rows) its version and every live claim in it
-- (HELD, overdue ones included, or SOLD) as [seat, claim, hold, user, expires at in ms, sold]; the
-- showtime's taken count when a pricing rule wants the occupancy. A function rather than one
-- statement so its plans are cached per connection, one simple statement each: planning the same
-- read as one statement cost PostgreSQL more than running it.
CREATE FUNCTION "seat_state"(
  "p_showtime" uuid,
  "p_user" uuid,
  "p_rows" integer[],
  "p_count_occupied" boolean
) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public AS $$
DECLARE
  show record;
  mine uuid[];
  paying boolean;
  mine_rows integer[] := '{}';
  rows_state jsonb;
  occupied bigint;
BEGIN
  SELECT status::text AS status, starts_at > now() AS open, screen_id INTO show FROM showtimes WHERE id = p_showtime;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(array_agg(id), '{}'), coalesce(bool_or(payment_pending), false) INTO mine, paying
  FROM seat_holds WHERE user_id = p_user AND showtime_id = p_showtime AND status = 'ACTIVE';
  IF cardinality(mine) > 0 THEN
    mine_rows := ARRAY(
      SELECT DISTINCT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
      WHERE c.hold_id = ANY(mine) AND c.state = 'HELD');
  END IF;
  SELECT coalesce(jsonb_object_agg(r.row_index, jsonb_build_object('version', r.version, 'claims', coalesce((
           SELECT jsonb_agg(jsonb_build_array(c.seat_id, c.id, c.hold_id, h.user_id,
                                              floor(extract(epoch FROM c.expires_at) * 1000)::bigint, c.state = 'SOLD'))
           FROM seats s
           JOIN seat_claims c ON c.showtime_id = p_showtime AND c.seat_id = s.id AND c.state IN ('HELD', 'SOLD')
           JOIN seat_holds h ON h.id = c.hold_id
           WHERE s.screen_id = show.screen_id AND s.row_index = r.row_index), '[]'))), '{}')
  INTO rows_state
  FROM showtime_seat_rows r WHERE r.showtime_id = p_showtime AND r.row_index = ANY(p_rows || mine_rows);
  IF p_count_occupied THEN
    SELECT count(*) INTO occupied FROM seat_claims
    WHERE showtime_id = p_showtime AND state IN ('HELD', 'SOLD')
      AND (state = 'SOLD' OR expires_at > now()) AND NOT (hold_id = ANY(mine));
  END IF;
  RETURN jsonb_build_object(
    'status', show.status, 'open', show.open, 'previous', to_jsonb(mine), 'paying', paying,
    'previousRows', to_jsonb(mine_rows), 'rows', rows_state, 'occupied', occupied);
END $$;

-- A hold, all or nothing, in one statement (server/booking/hold-seats.ts reads the seats with
-- seat_state and judges availability, the seat rules and the price first). Statements run in this order:
--   1. the caller's previous ACTIVE holds on the showtime end, unless a payment is in progress;
--   2. every row the hold changes (its seats' rows and the replaced holds') is bumped, but only
--      from the version the caller judged it at: if any row changed since, the whole transaction
--      is undone with SQLSTATE MQ409 and the caller reads again. Under SERIALIZABLE a row bumped
--      by a transaction that committed after this one began fails here with 40001 instead;
--   3. the replaced holds' claims are released, overdue claims on the chosen seats (holds whose
--      time ran out, not yet swept) are flipped to EXPIRED, the hold and its claims are written.
-- seat_claims_one_live_per_seat stays the last line of defence. Rows are touched only by primary
-- key, and enum tests are made on ::text so the planner cannot pick the small partial indexes of
-- live claims and active holds, whose hot pages every booking writes to (under SERIALIZABLE a read
-- of such a page conflicts with each of those writes).
-- Returns {"holdId", "expiresAt", "expiresAtMs", "versions": {"<row>": version},
-- "released": [{seatId, holdId}], "claims": {"<seat>": claim}}.
CREATE FUNCTION "hold_seats"(
  "p_showtime" uuid,
  "p_user" uuid,
  "p_rows" integer[],
  "p_versions" integer[],
  "p_replace" uuid[],
  "p_overdue" uuid[],
  "p_seats" uuid[],
  "p_categories" text[],
  "p_prices" integer[],
  "p_price" jsonb,
  "p_total" integer,
  "p_minutes" integer
) RETURNS jsonb
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  me constant bigint := pg_current_xact_id()::text::bigint;
  prev_ids uuid[];
  prev_expired uuid[];
  r record;
  v integer;
  bumped jsonb := '{}';
  freed jsonb := '[]';
  new_hold uuid;
  new_expiry timestamptz;
  claimed jsonb;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM showtimes WHERE id = p_showtime AND status::text = 'SCHEDULED' AND starts_at > now()) THEN
    RAISE EXCEPTION 'showtime % is not on sale', p_showtime USING ERRCODE = 'MQ409';
  END IF;

  IF cardinality(p_replace) > 0 THEN
    WITH prev AS (
      UPDATE seat_holds
      SET status = (CASE WHEN expires_at <= now() THEN 'EXPIRED' ELSE 'RELEASED' END)::"HoldStatus", ended_at = now()
      WHERE id = ANY(p_replace) AND status::text = 'ACTIVE' AND NOT payment_pending
      RETURNING id, status::text AS status
    )
    SELECT array_agg(id), coalesce(array_agg(id) FILTER (WHERE status = 'EXPIRED'), '{}')
    INTO prev_ids, prev_expired FROM prev;
  END IF;

  FOR r IN SELECT x.row_index, x.version FROM unnest(p_rows, p_versions) AS x(row_index, version) ORDER BY x.row_index LOOP
    UPDATE showtime_seat_rows SET version = version + 1, bumped_by = me
     WHERE showtime_id = p_showtime AND row_index = r.row_index AND version = r.version
    RETURNING version INTO v;
    IF NOT FOUND AND r.version = 0 THEN
      -- A row the screen gained after the showtime was created.
      INSERT INTO showtime_seat_rows (showtime_id, row_index, version, bumped_by)
      VALUES (p_showtime, r.row_index, 1, me)
      ON CONFLICT DO NOTHING
      RETURNING version INTO v;
    END IF;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'seat row % of showtime % changed since it was read', r.row_index, p_showtime
        USING ERRCODE = 'MQ409';
    END IF;
    bumped := bumped || jsonb_build_object(r.row_index::text, v);
  END LOOP;

  IF prev_ids IS NOT NULL THEN
    -- No join: the claims are found through the hold_id index whatever join the planner prefers.
    WITH c AS (
      UPDATE seat_claims
      SET state = (CASE WHEN hold_id = ANY(prev_expired) THEN 'EXPIRED' ELSE 'RELEASED' END)::"ClaimState",
          updated_at = now()
      WHERE hold_id = ANY(prev_ids) AND state::text = 'HELD'
      RETURNING seat_id, hold_id
    )
    SELECT coalesce(jsonb_agg(jsonb_build_object('seatId', seat_id, 'holdId', hold_id)), '[]') INTO freed FROM c;
  END IF;

  -- An expired hold never blocks a seat, swept or not: its claim is flipped here.
  IF cardinality(p_overdue) > 0 THEN
    UPDATE seat_claims SET state = 'EXPIRED', updated_at = now()
    WHERE id = ANY(p_overdue) AND state::text = 'HELD' AND expires_at <= now();
  END IF;

  INSERT INTO seat_holds (user_id, showtime_id, expires_at, price, total_minor)
  VALUES (p_user, p_showtime, now() + make_interval(mins => p_minutes), p_price, p_total)
  RETURNING id, expires_at INTO new_hold, new_expiry;

  WITH c AS (
    INSERT INTO seat_claims (hold_id, showtime_id, seat_id, expires_at, category, price_minor)
    SELECT new_hold, p_showtime, x.seat_id, new_expiry, x.category::"SeatCategory", x.price_minor
    FROM unnest(p_seats, p_categories, p_prices) AS x(seat_id, category, price_minor)
    RETURNING seat_id, id
  )
  SELECT jsonb_object_agg(seat_id, id) INTO claimed FROM c;

  RETURN jsonb_build_object('holdId', new_hold, 'expiresAt', new_expiry, 'expiresAtMs',
    floor(extract(epoch FROM new_expiry) * 1000)::bigint, 'versions', bumped, 'released', freed, 'claims', claimed);
END $$;
