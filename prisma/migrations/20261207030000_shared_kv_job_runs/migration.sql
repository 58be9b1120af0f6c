-- Several instances on one database without Redis (Upstash): rate-limit counters, sign-in
-- failures and lockouts, one-time-code throttles and the small read cache live here, so every
-- instance counts the same failures and a restart forgets none of them.
-- UNLOGGED: no WAL for counters written on hot paths. PostgreSQL empties the table after its own
-- crash (not after a clean restart, nor after an app restart), which forgets at most 15 minutes
-- of limits: the same as an expired Redis key, never a wrong "locked".
CREATE UNLOGGED TABLE "kv_entries" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    -- NULL: never expires (Redis's PTTL -1).
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "kv_entries_pkey" PRIMARY KEY ("key")
);
-- The cleanup job deletes expired rows by this.
CREATE INDEX "kv_entries_expires_at_idx" ON "kv_entries"("expires_at");

-- One row per periodic job: when its last run started, across every instance. A run first claims
-- its period here (a conditional upsert), so N instances ticking the same job run it once per
-- period, not N times; the advisory lock still keeps a long run from overlapping the next.
CREATE TABLE "job_runs" (
    "name" TEXT NOT NULL,
    "last_started_at" TIMESTAMPTZ(3) NOT NULL,
    "runs" BIGINT NOT NULL DEFAULT 0,
    "last_instance" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("name"),
    CONSTRAINT "job_runs_runs_check" CHECK ("runs" >= 0)
);
