-- A screen's cleaning time between shows (issue 13, item 2), edited with its name and formats.
-- Showtimes put on the screen reserve it: busy_until = ends_at + cleaning_minutes.

-- AlterTable
ALTER TABLE "screens" ADD COLUMN     "cleaning_minutes" INTEGER NOT NULL DEFAULT 20;

-- ─── By hand ─────────────────────────────────────────────────────────────────

ALTER TABLE "screens" ADD CONSTRAINT "screens_cleaning_minutes_range" CHECK ("cleaning_minutes" BETWEEN 0 AND 240);
-- A screen projects at least one format.
ALTER TABLE "screens" ADD CONSTRAINT "screens_formats_present" CHECK (cardinality("formats") >= 1);
