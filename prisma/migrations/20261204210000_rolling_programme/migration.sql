-- Rolling schedules (server/programme/extend-rolling-programmes.ts): a screen's recurring
-- programme. A periodic job extends each active template's programme, day by day, to daysAhead
-- days from the cinema's today, so a cinema that sets one up never runs dry. extended_through is
-- advanced in the same transaction as the sessions it covers, under the row's lock: however many
-- instances run the job, a day is generated once.

CREATE TABLE "programme_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "screen_id" UUID NOT NULL,
    -- Films taken in turn; empty: every film in release that the screen can project.
    "movie_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "first_show_minute" INTEGER NOT NULL,
    "last_start_minute" INTEGER NOT NULL,
    "days_ahead" INTEGER NOT NULL DEFAULT 14,
    "active" BOOLEAN NOT NULL DEFAULT true,
    -- The last local day already programmed by this template (null: none yet).
    "extended_through" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_templates_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "programme_templates_minutes" CHECK (
      "first_show_minute" BETWEEN 0 AND 1439 AND "last_start_minute" BETWEEN "first_show_minute" AND 1439
    ),
    CONSTRAINT "programme_templates_days_ahead" CHECK ("days_ahead" BETWEEN 1 AND 35),
    CONSTRAINT "programme_templates_films" CHECK (cardinality("movie_ids") <= 30)
);

CREATE UNIQUE INDEX "programme_templates_screen_id_key" ON "programme_templates"("screen_id");

ALTER TABLE "programme_templates" ADD CONSTRAINT "programme_templates_screen_id_fkey" FOREIGN KEY ("screen_id") REFERENCES "screens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
