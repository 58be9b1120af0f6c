-- Films run by the cinemas' operators (issue 13, item 1): managers and admins create, edit and
-- archive films, and upload posters. Archived films leave the public site but stay in bookings;
-- an uploaded poster lives in the media store (server/media) under a content-hashed key.

-- AlterTable
ALTER TABLE "movies" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "created_by_id" UUID,
ADD COLUMN     "poster_key" TEXT;

-- AddForeignKey
ALTER TABLE "movies" ADD CONSTRAINT "movies_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── By hand: what Prisma's schema cannot say ───────────────────────────────

-- What lib/schemas/films.ts accepts, kept by the database too (every existing film already fits).
ALTER TABLE "movies" ADD CONSTRAINT "movies_runtime_range" CHECK ("runtime_minutes" BETWEEN 1 AND 600);
ALTER TABLE "movies" ADD CONSTRAINT "movies_certificate_cbfc"
  CHECK ("certificate" IN ('U', 'UA 7+', 'UA 13+', 'UA 16+', 'A'));
ALTER TABLE "movies" ADD CONSTRAINT "movies_slug_format"
  CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 80);
ALTER TABLE "movies" ADD CONSTRAINT "movies_trailer_https" CHECK ("trailer_url" IS NULL OR "trailer_url" LIKE 'https://%');

-- An uploaded poster's key is 32 hex digits of the upload's SHA-256, and poster_url is then the
-- URL of its 320-pixel WebP (lib/poster.ts): the two never disagree.
ALTER TABLE "movies" ADD CONSTRAINT "movies_poster_key_url" CHECK (
  "poster_key" IS NULL
  OR ("poster_key" ~ '^[0-9a-f]{32}$' AND "poster_url" = '/api/media/posters/' || "poster_key" || '-320.webp')
);

-- A film is archived only when none of its showtimes is still to come or under way. The admin use
-- case (server/films/archive-film.ts) checks first to list them; this is the last line of defence.
-- Its query runs with a fresh snapshot (READ COMMITTED), after the UPDATE has waited for any
-- transaction that share-locked the film to add a showtime (below), so it sees that showtime.
CREATE FUNCTION "movies_archive_check"() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  live integer;
BEGIN
  SELECT count(*) INTO live FROM showtimes
  WHERE movie_id = NEW.id AND status = 'SCHEDULED' AND ends_at > now();
  IF live > 0 THEN
    RAISE EXCEPTION 'film % has % showtime(s) not yet over', NEW.id, live
      USING ERRCODE = '23514', CONSTRAINT = 'movies_archived_without_live_showtimes';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "movies_archive_check"
  BEFORE UPDATE OF "archived_at" ON "movies"
  FOR EACH ROW WHEN (NEW."archived_at" IS NOT NULL AND OLD."archived_at" IS NULL)
  EXECUTE FUNCTION "movies_archive_check"();

-- No showtime is added for (or moved to) an archived film. FOR SHARE makes the two rules one:
-- it waits for a concurrent archiving of the film to end (and then reads the committed row), and
-- keeps the film from being archived until this transaction ends.
CREATE FUNCTION "showtimes_movie_not_archived"() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  archived timestamptz;
BEGIN
  SELECT archived_at INTO archived FROM movies WHERE id = NEW.movie_id FOR SHARE;
  IF archived IS NOT NULL THEN
    RAISE EXCEPTION 'film % is archived', NEW.movie_id
      USING ERRCODE = '23514', CONSTRAINT = 'showtimes_movie_not_archived';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "showtimes_movie_not_archived"
  BEFORE INSERT ON "showtimes"
  FOR EACH ROW EXECUTE FUNCTION "showtimes_movie_not_archived"();

CREATE TRIGGER "showtimes_movie_not_archived_on_move"
  BEFORE UPDATE OF "movie_id" ON "showtimes"
  FOR EACH ROW WHEN (OLD."movie_id" IS DISTINCT FROM NEW."movie_id")
  EXECUTE FUNCTION "showtimes_movie_not_archived"();
