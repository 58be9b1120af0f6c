-- Payments, refunds and idempotency that survive crashes (issues 10 and 11): numbered payment
-- attempts per hold, at most one payment in progress per hold, promo uses reserved before the
-- charge, bounded refund retries, idempotency leases, and the sandbox provider's ledger.

-- DropForeignKey
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_booking_id_fkey";

-- AlterTable
ALTER TABLE "idempotency_keys" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "promo_redemptions" ADD COLUMN     "payment_id" UUID,
ALTER COLUMN "booking_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "booking_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "sandbox_charges" (
    "payment_id" UUID NOT NULL,
    "provider_ref" TEXT,
    "amount_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "card_last4" TEXT NOT NULL,
    "decline_code" TEXT,
    "refunded_minor" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_charges_pkey" PRIMARY KEY ("payment_id")
);

-- CreateTable
CREATE TABLE "sandbox_refunds" (
    "refund_id" UUID NOT NULL,
    "charge_ref" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "provider_ref" TEXT,
    "message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_refunds_pkey" PRIMARY KEY ("refund_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_charges_provider_ref_key" ON "sandbox_charges"("provider_ref");

-- CreateIndex
CREATE INDEX "payments_status_updated_at_idx" ON "payments"("status", "updated_at");

-- Number the attempts already made on each hold before the pair becomes unique.
UPDATE "payments" p SET "attempt" = x.n
FROM (SELECT "id", row_number() OVER (PARTITION BY "hold_id" ORDER BY "created_at", "id") AS n FROM "payments") x
WHERE p."id" = x."id";

-- CreateIndex
CREATE UNIQUE INDEX "payments_hold_id_attempt_key" ON "payments"("hold_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "promo_redemptions_payment_id_key" ON "promo_redemptions"("payment_id");

-- CreateIndex
CREATE INDEX "refunds_payment_id_idx" ON "refunds"("payment_id");

-- CreateIndex
CREATE INDEX "refunds_status_next_attempt_at_idx" ON "refunds"("status", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── By hand: what Prisma's schema cannot say ───────────────────────────────

-- A hold has at most one payment in progress: while it is PENDING nobody (a second tab, a retry
-- whose first request is still running) can start charging the same seats again.
CREATE UNIQUE INDEX "payments_one_pending_per_hold" ON "payments"("hold_id") WHERE "status" = 'PENDING';

ALTER TABLE "payments" ADD CONSTRAINT "payments_attempt_positive" CHECK ("attempt" >= 1);

-- seat_holds.payment_pending mirrors "this hold has a PENDING payment", kept here so no code path
-- can forget it. The hold statement reads the flag on the hold row it already touches by primary
-- key, instead of searching payments (a range read that would add SERIALIZABLE conflicts).
ALTER TABLE "seat_holds" ADD COLUMN "payment_pending" BOOLEAN NOT NULL DEFAULT false;
UPDATE "seat_holds" h SET "payment_pending" = true
WHERE EXISTS (SELECT 1 FROM "payments" p WHERE p."hold_id" = h."id" AND p."status" = 'PENDING');

CREATE FUNCTION "payments_mark_hold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" = 'PENDING' AND (TG_OP = 'INSERT' OR OLD."status" <> 'PENDING') THEN
    UPDATE "seat_holds" SET "payment_pending" = true WHERE "id" = NEW."hold_id";
  ELSIF TG_OP = 'UPDATE' AND OLD."status" = 'PENDING' AND NEW."status" <> 'PENDING' THEN
    UPDATE "seat_holds" SET "payment_pending" = false WHERE "id" = NEW."hold_id";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "payments_mark_hold"
  AFTER INSERT OR UPDATE OF "status" ON "payments"
  FOR EACH ROW EXECUTE FUNCTION "payments_mark_hold"();

-- A promo use belongs to a booking, or (while the card is being charged) to a payment.
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_owner"
  CHECK ("booking_id" IS NOT NULL OR "payment_id" IS NOT NULL);

ALTER TABLE "refunds" ADD CONSTRAINT "refunds_attempts_nonneg" CHECK ("attempts" >= 0);

-- FAILED used to mean "retry later"; it now means "gave up, needs a person". Refunds that were
-- waiting for a retry go back to PENDING and get the bounded retries.
UPDATE "refunds" SET "status" = 'PENDING', "next_attempt_at" = now() WHERE "status" = 'FAILED';

ALTER TABLE "sandbox_charges"
  ADD CONSTRAINT "sandbox_charges_amount_positive" CHECK ("amount_minor" > 0),
  ADD CONSTRAINT "sandbox_charges_refunds_within_charge" CHECK ("refunded_minor" BETWEEN 0 AND "amount_minor"),
  ADD CONSTRAINT "sandbox_charges_outcome" CHECK (("provider_ref" IS NULL) <> ("decline_code" IS NULL));

ALTER TABLE "sandbox_refunds" ADD CONSTRAINT "sandbox_refunds_amount_positive" CHECK ("amount_minor" > 0);
