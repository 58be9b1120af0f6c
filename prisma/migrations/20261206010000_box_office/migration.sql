-- Box office (issue 14.1): tills, counter payments and refunds, and the customer's phone on a
-- booking sold at the counter (the bookings desk searches by it).

-- CreateTable
CREATE TABLE "tills" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "cinema_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "opening_float_minor" INTEGER NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "counted_minor" INTEGER,
    "expected_minor" INTEGER,
    "closing_note" TEXT,

    CONSTRAINT "tills_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tills_cinema_id_opened_at_idx" ON "tills"("cinema_id", "opened_at");

-- CreateIndex
CREATE INDEX "tills_user_id_opened_at_idx" ON "tills"("user_id", "opened_at");

-- AddForeignKey
ALTER TABLE "tills" ADD CONSTRAINT "tills_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tills" ADD CONSTRAINT "tills_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN "customer_phone" TEXT;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN "counter_reference" TEXT,
ADD COLUMN "method" TEXT,
ADD COLUMN "sold_by_id" UUID,
ADD COLUMN "tendered_minor" INTEGER,
ADD COLUMN "till_id" UUID;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN "till_id" UUID;

-- CreateIndex
CREATE INDEX "payments_till_id_idx" ON "payments"("till_id");

-- CreateIndex
CREATE INDEX "refunds_till_id_idx" ON "refunds"("till_id");

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_till_id_fkey" FOREIGN KEY ("till_id") REFERENCES "tills"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_sold_by_id_fkey" FOREIGN KEY ("sold_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_till_id_fkey" FOREIGN KEY ("till_id") REFERENCES "tills"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── By hand: what Prisma's schema cannot say ────────────────────────────────

-- One open till per seller per cinema; money is counted into exactly one drawer.
CREATE UNIQUE INDEX "tills_one_open_per_user" ON "tills"("cinema_id", "user_id") WHERE "closed_at" IS NULL;

ALTER TABLE "tills"
  ADD CONSTRAINT "tills_float_nonneg" CHECK ("opening_float_minor" BETWEEN 0 AND 100000000),
  -- A till is closed by counting it: closed_at, counted and expected come together.
  ADD CONSTRAINT "tills_closed_counted" CHECK (
    ("closed_at" IS NULL AND "counted_minor" IS NULL AND "expected_minor" IS NULL)
    OR ("closed_at" IS NOT NULL AND "counted_minor" IS NOT NULL AND "expected_minor" IS NOT NULL)),
  ADD CONSTRAINT "tills_counted_nonneg" CHECK ("counted_minor" IS NULL OR "counted_minor" >= 0),
  ADD CONSTRAINT "tills_closed_after_open" CHECK ("closed_at" IS NULL OR "closed_at" >= "opened_at"),
  ADD CONSTRAINT "tills_closing_note_length" CHECK ("closing_note" IS NULL OR char_length("closing_note") <= 500);

-- The counter's fields belong to counter payments only, and a counter payment says how it was paid
-- and by whom; cash hands over at least the amount (the change is tendered − amount).
ALTER TABLE "payments"
  ADD CONSTRAINT "payments_method_known" CHECK ("method" IS NULL OR "method" IN ('CASH', 'CARD_TERMINAL', 'UPI')),
  ADD CONSTRAINT "payments_counter_fields" CHECK (
    CASE WHEN "provider" = 'counter'
      THEN "method" IS NOT NULL AND "till_id" IS NOT NULL
      ELSE "method" IS NULL AND "counter_reference" IS NULL AND "tendered_minor" IS NULL
           AND "till_id" IS NULL AND "sold_by_id" IS NULL
    END),
  ADD CONSTRAINT "payments_tendered_cash" CHECK (
    "tendered_minor" IS NULL OR ("method" = 'CASH' AND "tendered_minor" >= "amount_minor")),
  ADD CONSTRAINT "payments_counter_reference_length" CHECK (
    "counter_reference" IS NULL OR char_length("counter_reference") BETWEEN 1 AND 64);

ALTER TABLE "bookings" ADD CONSTRAINT "bookings_customer_phone_format" CHECK (
  "customer_phone" IS NULL OR "customer_phone" ~ '^\+?[0-9]{6,15}$');

-- Money goes into or out of a till only while it is open. The till's row is locked (FOR SHARE) so a
-- closing count (which locks it FOR UPDATE) and a sale cannot cross: the sale either lands before
-- the count and is in it, or waits and is refused.
CREATE FUNCTION "tills_take_money_while_open"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed timestamptz;
BEGIN
  IF NEW."till_id" IS NULL THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND NEW."till_id" IS NOT DISTINCT FROM OLD."till_id" THEN RETURN NEW; END IF;
  SELECT "closed_at" INTO closed FROM "tills" WHERE "id" = NEW."till_id" FOR SHARE;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION 'till % is closed', NEW."till_id"
      USING ERRCODE = '23514', CONSTRAINT = 'tills_take_money_while_open';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "payments_till_open" BEFORE INSERT OR UPDATE OF "till_id" ON "payments"
  FOR EACH ROW EXECUTE FUNCTION "tills_take_money_while_open"();
CREATE TRIGGER "refunds_till_open" BEFORE INSERT OR UPDATE OF "till_id" ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION "tills_take_money_while_open"();
