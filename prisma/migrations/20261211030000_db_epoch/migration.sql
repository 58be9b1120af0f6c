-- One row whose token changes only when PostgreSQL recovers from a crash (server/db/recovery-watch.ts).
-- An UNLOGGED table is emptied by crash recovery (and is empty on a promoted replica) and by nothing
-- else: a clean shutdown keeps it. Seat holds, releases and expiries commit asynchronously
-- (server/db.ts, seat-writer pool), so exactly then the last few hundred ms of them may be gone and
-- seat-row versions handed out again; the instances see the row missing or its token changed, and
-- every copy of seat states (theirs and their viewers') starts again from the database.
CREATE UNLOGGED TABLE "db_epoch" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "token" UUID NOT NULL DEFAULT gen_random_uuid(),
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "db_epoch_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "db_epoch_one_row" CHECK ("id" = 1)
);
