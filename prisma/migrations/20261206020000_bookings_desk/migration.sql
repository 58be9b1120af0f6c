-- Bookings desk (issue 14.2): the cinema refunds part of a booking, or all of it, from its side.
--
-- Refunds of one payment never exceed what was paid. The deferred trigger refunds_within_payment
-- (20261122000100) sums the payment's refunds in its own snapshot: a SERIALIZABLE transaction
-- that began before a READ COMMITTED refund committed does not see that refund, and the two
-- could together return more than was paid. A running total on the payment row, kept by a
-- trigger and bounded by a CHECK, cannot be outrun: every refund writes the payment row, so
-- concurrent refunds of one payment queue on its row lock (READ COMMITTED re-reads the latest
-- total; SERIALIZABLE fails with 40001 and is retried), and the CHECK judges the total as it
-- really stands. FAILED refunds do not count (they returned nothing, and may be sent again:
-- FAILED → PENDING counts them again).

ALTER TABLE "payments" ADD COLUMN "refunded_minor" INTEGER NOT NULL DEFAULT 0;

UPDATE "payments" p SET "refunded_minor" = r.total
FROM (
  SELECT "payment_id", SUM("amount_minor")::integer AS total
  FROM "refunds" WHERE "status" <> 'FAILED' GROUP BY "payment_id"
) r
WHERE r."payment_id" = p."id";

ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_within_amount"
  CHECK ("refunded_minor" >= 0 AND "refunded_minor" <= "amount_minor");

CREATE FUNCTION "refunds_count_on_payment"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was integer := 0;
  now_counted integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."status" <> 'FAILED' THEN was := OLD."amount_minor"; END IF;
  IF TG_OP <> 'DELETE' AND NEW."status" <> 'FAILED' THEN now_counted := NEW."amount_minor"; END IF;
  IF TG_OP = 'UPDATE' AND OLD."payment_id" IS DISTINCT FROM NEW."payment_id" THEN
    UPDATE "payments" SET "refunded_minor" = "refunded_minor" - was WHERE "id" = OLD."payment_id";
    was := 0;
  END IF;
  IF now_counted <> was THEN
    UPDATE "payments" SET "refunded_minor" = "refunded_minor" + now_counted - was
     WHERE "id" = COALESCE(NEW."payment_id", OLD."payment_id");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "refunds_count_on_payment"
  AFTER INSERT OR UPDATE OF "amount_minor", "status", "payment_id" OR DELETE ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION "refunds_count_on_payment"();
