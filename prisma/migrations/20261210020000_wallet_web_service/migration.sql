-- Apple Wallet passes that update (Apple's PassKit web service, server/wallet/): the devices that
-- registered a ticket's pass, a per-ticket "pass updated at" that moves whenever what the pass
-- shows changes, and the outbox of APNs pushes telling those devices to fetch it again.
--
-- The moment a pass changes is kept by triggers, not by the use cases, so that no code path that
-- cancels a ticket, a booking or a show, or moves a show, can forget it (today: customer
-- cancellation, desk refunds and moves, show cancellation; a retime of a sold show is refused by
-- the programme, but the trigger covers it should that change). The push rows are written by a
-- trigger too, in the same transaction as the change; the `wallet-push` job sends them after commit.

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN "pass_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "wallet_registrations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "device_library_id" TEXT NOT NULL,
    "push_token" TEXT NOT NULL,
    "pass_type_id" TEXT NOT NULL,
    "ticket_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_registrations_pkey" PRIMARY KEY ("id"),
    -- The push token goes into the APNs URL path: hex only, as Apple issues them.
    CONSTRAINT "wallet_registrations_push_token_hex" CHECK ("push_token" ~ '^[0-9a-f]{16,200}$'),
    CONSTRAINT "wallet_registrations_device_id_format" CHECK ("device_library_id" ~ '^[A-Za-z0-9._-]{1,100}$')
);

-- CreateTable
CREATE TABLE "wallet_pushes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "push_token" TEXT NOT NULL,
    "pass_type_id" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallet_pushes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "wallet_registrations_device_library_id_ticket_id_key" ON "wallet_registrations"("device_library_id", "ticket_id");

-- CreateIndex
CREATE INDEX "wallet_registrations_ticket_id_idx" ON "wallet_registrations"("ticket_id");

-- CreateIndex
CREATE INDEX "wallet_registrations_device_library_id_pass_type_id_idx" ON "wallet_registrations"("device_library_id", "pass_type_id");

-- CreateIndex
CREATE INDEX "wallet_registrations_push_token_idx" ON "wallet_registrations"("push_token");

-- CreateIndex
CREATE INDEX "wallet_pushes_status_available_at_idx" ON "wallet_pushes"("status", "available_at");

-- A push says only "something of yours changed": the device then asks which passes. So one push
-- not yet tried per token is enough, however many of its passes change meanwhile (a cancelled show
-- with a device holding four of its tickets: one push). Once a send has been tried (attempts > 0)
-- the row no longer absorbs changes: the device may already have asked before this change committed.
CREATE UNIQUE INDEX "wallet_pushes_one_untried_per_token" ON "wallet_pushes"("push_token", "pass_type_id") WHERE "status" = 'PENDING' AND "attempts" = 0;

-- AddForeignKey
ALTER TABLE "wallet_registrations" ADD CONSTRAINT "wallet_registrations_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What a ticket's pass shows changed: it became (or stopped being) cancelled, or names another seat
-- or show. clock_timestamp(), not now(): the moment of the change, not of the transaction's start,
-- so the time is as close to the commit as the database can give.
CREATE FUNCTION "tickets_pass_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."status" = 'CANCELLED') IS DISTINCT FROM (NEW."status" = 'CANCELLED')
     OR OLD."seat_id" IS DISTINCT FROM NEW."seat_id"
     OR OLD."showtime_id" IS DISTINCT FROM NEW."showtime_id" THEN
    NEW."pass_updated_at" := clock_timestamp();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "tickets_pass_changed" BEFORE UPDATE ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "tickets_pass_changed"();

-- A booking cancelled (or restored) changes every one of its tickets' passes.
CREATE FUNCTION "bookings_pass_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" IS DISTINCT FROM NEW."status" THEN
    UPDATE "tickets" SET "pass_updated_at" = clock_timestamp() WHERE "booking_id" = NEW."id";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "bookings_pass_changed" AFTER UPDATE ON "bookings"
  FOR EACH ROW EXECUTE FUNCTION "bookings_pass_changed"();

-- A show moved (time, screen, film) or cancelled changes every pass sold for it.
CREATE FUNCTION "showtimes_pass_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."starts_at" IS DISTINCT FROM NEW."starts_at"
     OR OLD."ends_at" IS DISTINCT FROM NEW."ends_at"
     OR OLD."screen_id" IS DISTINCT FROM NEW."screen_id"
     OR OLD."movie_id" IS DISTINCT FROM NEW."movie_id"
     OR OLD."status" IS DISTINCT FROM NEW."status" THEN
    UPDATE "tickets" SET "pass_updated_at" = clock_timestamp() WHERE "showtime_id" = NEW."id";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "showtimes_pass_changed" AFTER UPDATE ON "showtimes"
  FOR EACH ROW EXECUTE FUNCTION "showtimes_pass_changed"();

-- A pass changed: queue a push to every device that registered it, in the same transaction, so the
-- push exists exactly when the change does (rolled back together) and survives a restart.
CREATE FUNCTION "tickets_queue_wallet_push"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "wallet_pushes" ("push_token", "pass_type_id")
    SELECT DISTINCT r."push_token", r."pass_type_id" FROM "wallet_registrations" r WHERE r."ticket_id" = NEW."id"
  ON CONFLICT ("push_token", "pass_type_id") WHERE "status" = 'PENDING' AND "attempts" = 0 DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "tickets_queue_wallet_push" AFTER UPDATE ON "tickets"
  FOR EACH ROW WHEN (OLD."pass_updated_at" IS DISTINCT FROM NEW."pass_updated_at")
  EXECUTE FUNCTION "tickets_queue_wallet_push"();
