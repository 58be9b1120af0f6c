-- Reports (issue 14.3) read rollups, never the raw history: one row per showtime with its
-- admissions and money, one row per showtime and promo code, kept by refresh_report_rollups().
-- Which showtimes need recomputing is appended to report_dirty_showtimes by statement triggers on
-- the tables the numbers come from. The log is append-only (no unique key): a booking never waits
-- on another booking's row here, and nothing a SERIALIZABLE booking reads is touched.

CREATE TABLE "report_showtime_rollups" (
    "showtime_id" UUID NOT NULL,
    "cinema_id" UUID NOT NULL,
    "screen_id" UUID NOT NULL,
    "movie_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    -- The show's date and minute after midnight in the cinema's time zone; the day part is derived
    -- from them and the cinema's current evening/night minutes when a report is read.
    "local_date" DATE NOT NULL,
    "local_minute" INTEGER NOT NULL,
    -- The Friday that starts the show's film week (Friday–Thursday, as distributors count).
    "film_week" DATE NOT NULL,
    "capacity" INTEGER NOT NULL,
    "cancelled" BOOLEAN NOT NULL,
    "bookings" INTEGER NOT NULL,
    "bookings_cancelled" INTEGER NOT NULL,
    -- Tickets ever issued, and the live ones (not cancelled): the admissions.
    "tickets" INTEGER NOT NULL,
    "admissions" INTEGER NOT NULL,
    -- Sums over every booking made for the show (total = subtotal - discount + fee + tax).
    "subtotal_minor" BIGINT NOT NULL,
    "discount_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "tax_minor" BIGINT NOT NULL,
    "total_minor" BIGINT NOT NULL,
    -- subtotal - discount of the bookings still confirmed: the distributor's net box office.
    "box_office_minor" BIGINT NOT NULL,
    -- Refunds that went through (money back to the customer).
    "refunds" INTEGER NOT NULL,
    "refunded_minor" BIGINT NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_showtime_rollups_pkey" PRIMARY KEY ("showtime_id"),
    CONSTRAINT "report_showtime_rollups_minute" CHECK ("local_minute" BETWEEN 0 AND 1439),
    CONSTRAINT "report_showtime_rollups_friday" CHECK (extract(isodow FROM "film_week") = 5),
    CONSTRAINT "report_showtime_rollups_money" CHECK (
      "total_minor" = "subtotal_minor" - "discount_minor" + "fee_minor" + "tax_minor"
    )
);

CREATE INDEX "report_showtime_rollups_cinema_id_local_date_idx" ON "report_showtime_rollups"("cinema_id", "local_date");

ALTER TABLE "report_showtime_rollups" ADD CONSTRAINT "report_showtime_rollups_showtime_id_fkey" FOREIGN KEY ("showtime_id") REFERENCES "showtimes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "report_showtime_rollups" ADD CONSTRAINT "report_showtime_rollups_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "report_promo_rollups" (
    "showtime_id" UUID NOT NULL,
    "promo_code_id" UUID NOT NULL,
    "cinema_id" UUID NOT NULL,
    "local_date" DATE NOT NULL,
    "redemptions" INTEGER NOT NULL,
    "discount_minor" BIGINT NOT NULL,
    "total_minor" BIGINT NOT NULL,

    CONSTRAINT "report_promo_rollups_pkey" PRIMARY KEY ("showtime_id", "promo_code_id")
);

CREATE INDEX "report_promo_rollups_cinema_id_local_date_idx" ON "report_promo_rollups"("cinema_id", "local_date");

ALTER TABLE "report_promo_rollups" ADD CONSTRAINT "report_promo_rollups_showtime_id_fkey" FOREIGN KEY ("showtime_id") REFERENCES "showtimes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "report_promo_rollups" ADD CONSTRAINT "report_promo_rollups_promo_code_id_fkey" FOREIGN KEY ("promo_code_id") REFERENCES "promo_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "report_dirty_showtimes" (
    "id" BIGSERIAL NOT NULL,
    "showtime_id" UUID NOT NULL,

    CONSTRAINT "report_dirty_showtimes_pkey" PRIMARY KEY ("id")
);

-- One row: when the rollups were last brought up to date (everything committed before
-- refreshed_at is in them), and how long that took.
CREATE TABLE "report_rollup_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "refreshed_at" TIMESTAMPTZ(3),
    "full_refreshed_at" TIMESTAMPTZ(3),
    "showtimes_refreshed" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "report_rollup_state_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "report_rollup_state_one_row" CHECK ("id" = 1)
);

INSERT INTO "report_rollup_state" ("id") VALUES (1);

-- ─── Marking showtimes dirty ────────────────────────────────────────────────

CREATE FUNCTION report_mark_showtimes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty_showtimes (showtime_id) SELECT DISTINCT showtime_id FROM changed_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION report_mark_showtimes_of_showtimes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty_showtimes (showtime_id) SELECT id FROM changed_rows;
  RETURN NULL;
END $$;

-- Rows that name a booking (refunds, promo redemptions): the booking's showtime.
CREATE FUNCTION report_mark_showtimes_of_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty_showtimes (showtime_id)
    SELECT DISTINCT b.showtime_id FROM changed_rows r JOIN bookings b ON b.id = r.booking_id;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger: an INSERT and an UPDATE trigger for each table.
CREATE TRIGGER report_bookings_inserted AFTER INSERT ON bookings
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes();
CREATE TRIGGER report_bookings_updated AFTER UPDATE ON bookings
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes();
CREATE TRIGGER report_tickets_inserted AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes();
CREATE TRIGGER report_tickets_updated AFTER UPDATE ON tickets
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes();
CREATE TRIGGER report_showtimes_inserted AFTER INSERT ON showtimes
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_showtimes();
CREATE TRIGGER report_showtimes_updated AFTER UPDATE ON showtimes
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_showtimes();
CREATE TRIGGER report_refunds_inserted AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_bookings();
CREATE TRIGGER report_refunds_updated AFTER UPDATE ON refunds
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_bookings();
CREATE TRIGGER report_redemptions_inserted AFTER INSERT ON promo_redemptions
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_bookings();
CREATE TRIGGER report_redemptions_updated AFTER UPDATE ON promo_redemptions
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_showtimes_of_bookings();

-- ─── Refreshing ─────────────────────────────────────────────────────────────

-- Recomputes the rollups of the showtimes marked dirty (all of them when p_full, or before the
-- first refresh) from bookings, tickets, refunds and promo redemptions. Idempotent: a showtime's
-- rows are replaced by what the raw tables say now. One refresh at a time (transaction advisory
-- lock); a change committed while it runs stays in the log for the next one.
CREATE FUNCTION refresh_report_rollups(p_full BOOLEAN) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_full BOOLEAN;
  v_count INTEGER;
  v_started TIMESTAMPTZ := clock_timestamp();
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('marquee:reports'), hashtext('refresh'));
  SELECT p_full OR refreshed_at IS NULL INTO v_full FROM report_rollup_state WHERE id = 1;

  CREATE TEMP TABLE IF NOT EXISTS report_scope (showtime_id UUID PRIMARY KEY) ON COMMIT DROP;
  TRUNCATE report_scope;
  IF v_full THEN
    DELETE FROM report_dirty_showtimes;
    INSERT INTO report_scope SELECT id FROM showtimes;
  ELSE
    WITH taken AS (DELETE FROM report_dirty_showtimes RETURNING showtime_id)
    INSERT INTO report_scope SELECT DISTINCT showtime_id FROM taken;
  END IF;
  ANALYZE report_scope;

  IF v_full THEN
    DELETE FROM report_showtime_rollups;
    DELETE FROM report_promo_rollups;
  ELSE
    DELETE FROM report_showtime_rollups r USING report_scope s WHERE r.showtime_id = s.showtime_id;
    DELETE FROM report_promo_rollups r USING report_scope s WHERE r.showtime_id = s.showtime_id;
  END IF;

  INSERT INTO report_showtime_rollups
  SELECT st.id, sc.cinema_id, st.screen_id, st.movie_id, st.starts_at, lt.local_date, lt.local_minute,
         lt.local_date - ((extract(isodow FROM lt.local_date)::int + 2) % 7),
         coalesce(lay.capacity, sc.capacity), st.status = 'CANCELLED',
         coalesce(b.bookings, 0), coalesce(b.bookings_cancelled, 0),
         coalesce(t.tickets, 0), coalesce(t.admissions, 0),
         coalesce(b.subtotal, 0), coalesce(b.discount, 0), coalesce(b.fee, 0), coalesce(b.tax, 0),
         coalesce(b.total, 0), coalesce(b.box_office, 0),
         coalesce(r.refunds, 0), coalesce(r.refunded, 0), v_started
  FROM report_scope s
  JOIN showtimes st ON st.id = s.showtime_id
  JOIN screens sc ON sc.id = st.screen_id
  JOIN cinemas c ON c.id = sc.cinema_id
  LEFT JOIN screen_layouts lay ON lay.id = st.layout_id
  CROSS JOIN LATERAL (
    SELECT (st.starts_at AT TIME ZONE c.time_zone)::date AS local_date,
           (extract(hour FROM st.starts_at AT TIME ZONE c.time_zone) * 60
            + extract(minute FROM st.starts_at AT TIME ZONE c.time_zone))::int AS local_minute
  ) lt
  LEFT JOIN (
    SELECT bk.showtime_id, count(*) AS bookings,
           count(*) FILTER (WHERE bk.status = 'CANCELLED') AS bookings_cancelled,
           sum(bk.subtotal_minor) AS subtotal, sum(bk.discount_minor) AS discount,
           sum(bk.fee_minor) AS fee, sum(bk.tax_minor) AS tax, sum(bk.total_minor) AS total,
           coalesce(sum(bk.subtotal_minor - bk.discount_minor) FILTER (WHERE bk.status = 'CONFIRMED'), 0) AS box_office
    FROM bookings bk JOIN report_scope s2 ON s2.showtime_id = bk.showtime_id
    GROUP BY bk.showtime_id
  ) b ON b.showtime_id = st.id
  LEFT JOIN (
    SELECT tk.showtime_id, count(*) AS tickets, count(*) FILTER (WHERE tk.status <> 'CANCELLED') AS admissions
    FROM tickets tk JOIN report_scope s3 ON s3.showtime_id = tk.showtime_id
    GROUP BY tk.showtime_id
  ) t ON t.showtime_id = st.id
  LEFT JOIN (
    SELECT bk.showtime_id, count(*) AS refunds, sum(rf.amount_minor) AS refunded
    FROM refunds rf
    JOIN bookings bk ON bk.id = rf.booking_id
    JOIN report_scope s4 ON s4.showtime_id = bk.showtime_id
    WHERE rf.status = 'SUCCEEDED'
    GROUP BY bk.showtime_id
  ) r ON r.showtime_id = st.id;
  GET DIAGNOSTICS v_count = ROW_COUNT;

  INSERT INTO report_promo_rollups
  SELECT ro.showtime_id, pr.promo_code_id, ro.cinema_id, ro.local_date,
         count(*), sum(pr.discount_minor), sum(bk.total_minor)
  FROM promo_redemptions pr
  JOIN bookings bk ON bk.id = pr.booking_id
  JOIN report_scope s ON s.showtime_id = bk.showtime_id
  JOIN report_showtime_rollups ro ON ro.showtime_id = bk.showtime_id
  GROUP BY ro.showtime_id, pr.promo_code_id, ro.cinema_id, ro.local_date;

  UPDATE report_rollup_state
     SET refreshed_at = v_started,
         full_refreshed_at = CASE WHEN v_full THEN v_started ELSE full_refreshed_at END,
         showtimes_refreshed = v_count,
         duration_ms = (extract(epoch FROM clock_timestamp() - v_started) * 1000)::int
   WHERE id = 1;
  RETURN v_count;
END $$;
