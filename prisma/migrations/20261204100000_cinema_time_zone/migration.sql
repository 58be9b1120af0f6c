-- Cinemas edited by their managers (issue 13, item 2): each cinema has its own time zone (pricing
-- rules' time of day and weekday are local to it), no longer only its city's.

-- AlterTable
ALTER TABLE "cinemas" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'Asia/Kolkata';

UPDATE "cinemas" c SET "time_zone" = ci."time_zone" FROM "cities" ci WHERE ci."id" = c."city_id";

-- ─── By hand ─────────────────────────────────────────────────────────────────
-- A name PostgreSQL's time zone database knows (the form checks it against the browser's and
-- Node's, which know the same IANA names): pricing must never meet a zone it cannot read.
CREATE FUNCTION "is_time_zone"("name" text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM timestamptz '2000-01-01 00:00:00+00' AT TIME ZONE "name";
  RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN false;
END $$;

ALTER TABLE "cinemas" ADD CONSTRAINT "cinemas_time_zone_known" CHECK (is_time_zone("time_zone"));
