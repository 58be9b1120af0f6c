-- Invariants the Prisma schema language cannot express. Each one is the last line of defence
-- behind the application's own checks; tests/integration/invariants.int.test.ts attacks each
-- directly with SQL and through Prisma.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- ─── Showtimes: one screen, one film at a time ──────────────────────────────────
-- [starts_at, busy_until) covers the film and the cleaning buffer after it. Two scheduled
-- showtimes on one screen may touch (one starts exactly when the other is clean) but never
-- overlap. Cancelled showtimes free their slot.
ALTER TABLE "showtimes"
  ADD CONSTRAINT "showtimes_time_order" CHECK ("starts_at" < "ends_at" AND "ends_at" <= "busy_until"),
  ADD CONSTRAINT "showtimes_seat_version_nonneg" CHECK ("seat_version" >= 0),
  ADD CONSTRAINT "showtimes_cancelled_at" CHECK (("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL)),
  ADD CONSTRAINT "showtimes_no_overlap" EXCLUDE USING gist (
    "screen_id" WITH =,
    tstzrange("starts_at", "busy_until", '[)') WITH &&
  ) WHERE ("status" = 'SCHEDULED');

ALTER TABLE "showtime_prices" ADD CONSTRAINT "showtime_prices_nonneg" CHECK ("price_minor" >= 0);

-- ─── Seats can be sold once ─────────────────────────────────────────────────────
-- THE double-sale invariant: a seat of a showtime is in at most one live claim, where live
-- means HELD (in someone's basket) or SOLD. Released, expired and cancelled claims are history
-- and do not count. A hold that has passed expires_at but is still HELD does block this index,
-- so every writer first flips overdue claims to EXPIRED in the same transaction
-- (server/booking/*): an expired hold never blocks a seat, even before the sweep runs.
CREATE UNIQUE INDEX "seat_claims_one_live_per_seat"
  ON "seat_claims" ("showtime_id", "seat_id")
  WHERE "state" IN ('HELD', 'SOLD');

ALTER TABLE "seat_claims" ADD CONSTRAINT "seat_claims_price_nonneg" CHECK ("price_minor" >= 0);

-- A claim must name a seat of its showtime's screen, and its hold must be for that showtime.
CREATE FUNCTION "seat_claims_check_seat"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM "seats" s JOIN "showtimes" sh ON sh."screen_id" = s."screen_id"
    WHERE s."id" = NEW."seat_id" AND sh."id" = NEW."showtime_id"
  ) THEN
    RAISE EXCEPTION 'seat % is not in the screen of showtime %', NEW."seat_id", NEW."showtime_id"
      USING ERRCODE = '23514', CONSTRAINT = 'seat_claims_seat_in_screen';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "seat_holds" h WHERE h."id" = NEW."hold_id" AND h."showtime_id" = NEW."showtime_id") THEN
    RAISE EXCEPTION 'hold % is not for showtime %', NEW."hold_id", NEW."showtime_id"
      USING ERRCODE = '23514', CONSTRAINT = 'seat_claims_hold_showtime';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "seat_claims_seat_in_screen"
  BEFORE INSERT OR UPDATE OF "seat_id", "showtime_id", "hold_id" ON "seat_claims"
  FOR EACH ROW EXECUTE FUNCTION "seat_claims_check_seat"();

-- ─── Tickets ride on SOLD claims ────────────────────────────────────────────────
-- At most one live ticket per seat, and a live ticket's claim must be SOLD. Together with
-- seat_claims_one_live_per_seat this makes "a ticket and a hold for one seat" impossible.
CREATE UNIQUE INDEX "tickets_one_live_per_seat"
  ON "tickets" ("showtime_id", "seat_id")
  WHERE "status" <> 'CANCELLED';

ALTER TABLE "tickets"
  ADD CONSTRAINT "tickets_price_nonneg" CHECK ("price_minor" >= 0),
  ADD CONSTRAINT "tickets_checked_in" CHECK (("status" = 'CHECKED_IN') = ("checked_in_at" IS NOT NULL));

-- Deferred to COMMIT so a transaction may write claim and ticket in either order. FOR SHARE
-- conflicts with a concurrent UPDATE of the claim, so a racing "un-sell" cannot slip between
-- this check and the commit.
CREATE FUNCTION "tickets_require_sold_claim"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claim_state "ClaimState";
  ticket_status "TicketStatus";
BEGIN
  -- Re-read: at COMMIT the row may have changed since the statement that queued this check.
  SELECT "status" INTO STRICT ticket_status FROM "tickets" WHERE "id" = NEW."id";
  IF ticket_status = 'CANCELLED' THEN
    RETURN NULL;
  END IF;
  SELECT "state" INTO claim_state FROM "seat_claims" WHERE "id" = NEW."claim_id" FOR SHARE;
  IF claim_state IS DISTINCT FROM 'SOLD' THEN
    RAISE EXCEPTION 'ticket % is live but its seat claim is %', NEW."id", COALESCE(claim_state::text, 'missing')
      USING ERRCODE = '23514', CONSTRAINT = 'tickets_claim_sold';
  END IF;
  RETURN NULL;
EXCEPTION
  WHEN no_data_found THEN
    RETURN NULL; -- the ticket was deleted later in the same transaction
END $$;
CREATE CONSTRAINT TRIGGER "tickets_claim_sold"
  AFTER INSERT OR UPDATE OF "status", "claim_id" ON "tickets"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "tickets_require_sold_claim"();

CREATE FUNCTION "seat_claims_keep_ticketed_sold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "seat_claims" WHERE "id" = NEW."id" AND "state" <> 'SOLD')
     AND EXISTS (SELECT 1 FROM "tickets" WHERE "claim_id" = NEW."id" AND "status" <> 'CANCELLED') THEN
    RAISE EXCEPTION 'seat claim % has a live ticket and must stay SOLD', NEW."id"
      USING ERRCODE = '23514', CONSTRAINT = 'seat_claims_ticketed_sold';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "seat_claims_ticketed_sold"
  AFTER UPDATE OF "state" ON "seat_claims"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD."state" = 'SOLD' AND NEW."state" <> 'SOLD')
  EXECUTE FUNCTION "seat_claims_keep_ticketed_sold"();

-- ─── Holds ──────────────────────────────────────────────────────────────────────
-- A user has at most one live hold per showtime; a new hold replaces the old one in the same
-- transaction.
CREATE UNIQUE INDEX "seat_holds_one_active_per_user"
  ON "seat_holds" ("user_id", "showtime_id")
  WHERE "status" = 'ACTIVE';

ALTER TABLE "seat_holds"
  ADD CONSTRAINT "seat_holds_total_nonneg" CHECK ("total_minor" >= 0),
  ADD CONSTRAINT "seat_holds_ended" CHECK (("status" = 'ACTIVE') = ("ended_at" IS NULL));

-- ─── Money: integer minor units, never negative, totals that add up ────────────
ALTER TABLE "bookings"
  ADD CONSTRAINT "bookings_amounts_nonneg" CHECK (
    "subtotal_minor" >= 0 AND "discount_minor" >= 0 AND "fee_minor" >= 0 AND "tax_minor" >= 0 AND "total_minor" >= 0
  ),
  ADD CONSTRAINT "bookings_discount_le_subtotal" CHECK ("discount_minor" <= "subtotal_minor"),
  ADD CONSTRAINT "bookings_total_adds_up" CHECK (
    "total_minor" = "subtotal_minor" - "discount_minor" + "fee_minor" + "tax_minor"
  ),
  ADD CONSTRAINT "bookings_cancelled" CHECK (("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL)),
  ADD CONSTRAINT "bookings_reference_format" CHECK ("reference" ~ '^[0-9A-Z-]{6,20}$');

ALTER TABLE "payments"
  ADD CONSTRAINT "payments_amount_nonneg" CHECK ("amount_minor" >= 0),
  ADD CONSTRAINT "payments_card_last4" CHECK ("card_last4" IS NULL OR "card_last4" ~ '^[0-9]{4}$');

ALTER TABLE "refunds" ADD CONSTRAINT "refunds_amount_positive" CHECK ("amount_minor" > 0);

-- Refunds of one payment never exceed what was paid.
CREATE FUNCTION "refunds_within_payment"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  paid integer;
  refunded bigint;
BEGIN
  SELECT "amount_minor" INTO paid FROM "payments" WHERE "id" = NEW."payment_id" FOR UPDATE;
  SELECT COALESCE(SUM("amount_minor"), 0) INTO refunded
    FROM "refunds" WHERE "payment_id" = NEW."payment_id" AND "status" <> 'FAILED';
  IF refunded > paid THEN
    RAISE EXCEPTION 'refunds (%) exceed payment % (%)', refunded, NEW."payment_id", paid
      USING ERRCODE = '23514', CONSTRAINT = 'refunds_within_payment';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "refunds_within_payment"
  AFTER INSERT OR UPDATE OF "amount_minor", "status" ON "refunds"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "refunds_within_payment"();

ALTER TABLE "promo_codes"
  ADD CONSTRAINT "promo_codes_value_positive" CHECK ("value" > 0),
  ADD CONSTRAINT "promo_codes_percent_range" CHECK ("kind" <> 'PERCENT' OR "value" <= 10000),
  ADD CONSTRAINT "promo_codes_max_discount" CHECK ("max_discount_minor" IS NULL OR "max_discount_minor" > 0),
  ADD CONSTRAINT "promo_codes_window" CHECK ("valid_from" < "valid_until"),
  ADD CONSTRAINT "promo_codes_limits" CHECK ("min_seats" >= 1 AND "max_per_user" >= 1 AND ("max_redemptions" IS NULL OR "max_redemptions" >= 1)),
  -- The total usage limit, enforced by the row itself: the redeeming transaction increments
  -- redemption_count, and the (max_redemptions + 1)th increment fails here.
  ADD CONSTRAINT "promo_codes_redemptions_within_limit" CHECK (
    "redemption_count" >= 0 AND ("max_redemptions" IS NULL OR "redemption_count" <= "max_redemptions")
  ),
  ADD CONSTRAINT "promo_codes_code_upper" CHECK ("code" = upper("code") AND "code" ~ '^[A-Z0-9_-]{3,32}$');

ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_nonneg" CHECK ("discount_minor" >= 0);

ALTER TABLE "pricing_rules"
  ADD CONSTRAINT "pricing_rules_minutes" CHECK (
    ("start_minute" IS NULL OR "start_minute" BETWEEN 0 AND 1440) AND ("end_minute" IS NULL OR "end_minute" BETWEEN 0 AND 1440)
  ),
  ADD CONSTRAINT "pricing_rules_days" CHECK ("days_of_week" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]),
  ADD CONSTRAINT "pricing_rules_occupancy" CHECK ("min_occupancy_bps" IS NULL OR "min_occupancy_bps" BETWEEN 0 AND 10000),
  ADD CONSTRAINT "pricing_rules_cap" CHECK ("cap_bps" IS NULL OR "cap_bps" >= 0),
  ADD CONSTRAINT "pricing_rules_adjustment" CHECK ("adjustment_bps" BETWEEN -10000 AND 10000),
  ADD CONSTRAINT "pricing_rules_shape" CHECK (
    ("kind" <> 'TIME_OF_DAY' OR ("start_minute" IS NOT NULL AND "end_minute" IS NOT NULL)) AND
    ("kind" <> 'DAY_OF_WEEK' OR cardinality("days_of_week") > 0) AND
    ("kind" <> 'OCCUPANCY' OR "min_occupancy_bps" IS NOT NULL)
  );

ALTER TABLE "cinemas"
  ADD CONSTRAINT "cinemas_fee_tax" CHECK ("booking_fee_minor" >= 0 AND "tax_rate_bps" BETWEEN 0 AND 10000),
  ADD CONSTRAINT "cinemas_minutes" CHECK ("wheelchair_release_minutes" >= 0 AND "cancellation_cutoff_minutes" >= 0),
  ADD CONSTRAINT "cinemas_coordinates" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180);

ALTER TABLE "cities" ADD CONSTRAINT "cities_coordinates" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180);

-- ─── Catalogue sanity ───────────────────────────────────────────────────────────
ALTER TABLE "seats" ADD CONSTRAINT "seats_position" CHECK ("number" >= 1 AND "row_index" >= 0 AND "col" >= 0);
ALTER TABLE "screens" ADD CONSTRAINT "screens_capacity" CHECK ("capacity" >= 0);
ALTER TABLE "movies" ADD CONSTRAINT "movies_runtime" CHECK ("runtime_minutes" BETWEEN 1 AND 600);
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_rating" CHECK ("rating" BETWEEN 1 AND 5);

ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_seats_wanted" CHECK ("seats_wanted" BETWEEN 1 AND 10);
CREATE UNIQUE INDEX "waitlist_one_live_per_user"
  ON "waitlist_entries" ("user_id", "showtime_id")
  WHERE "status" IN ('WAITING', 'OFFERED');

-- ─── Accounts ───────────────────────────────────────────────────────────────────
ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" IS NULL OR "email" = lower("email"));
ALTER TABLE "users" ADD CONSTRAINT "users_deleted_anonymised" CHECK ("deleted_at" IS NULL OR "email" IS NULL);
ALTER TABLE "one_time_codes" ADD CONSTRAINT "one_time_codes_attempts" CHECK ("attempts" >= 0);
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_attempts" CHECK ("attempts" >= 0);
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_status" CHECK (
  "status_code" IS NULL OR "status_code" BETWEEN 100 AND 599
);

-- ─── Audit log: append-only in the database itself ──────────────────────────────
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
    USING ERRCODE = '42501', CONSTRAINT = 'audit_log_append_only';
END $$;
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();

-- ─── Booking references ─────────────────────────────────────────────────────────
-- References are a bijective scramble of this sequence (server/booking/booking-reference.ts),
-- so two bookings can never draw the same one.
CREATE SEQUENCE "booking_reference_seq" AS bigint START WITH 1 INCREMENT BY 1 NO CYCLE;
