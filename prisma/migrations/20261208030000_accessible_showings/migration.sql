-- Accessible showings (issue 16.3): what a session offers people who need it, set by its managers
-- and filtered on by moviegoers. One enum array rather than four booleans: a listing filters on
-- "has all of these" with one GIN-indexed containment test (accessibility @> ARRAY[...]), and a
-- new feature is one ALTER TYPE ... ADD VALUE, not a column, an index and a form field per place.
-- A wheelchair-accessible screen is not stored: it is the layout having WHEELCHAIR seats.

CREATE TYPE "AccessFeature" AS ENUM ('SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED');

-- Each feature at most once, in enum order, no NULL element: two sessions with the same features
-- hold the same array, so audit before/after and the API compare equal. (A CHECK cannot hold a
-- subquery; an immutable function can.)
CREATE FUNCTION access_features_canonical(features "AccessFeature"[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_position(features, NULL) IS NULL
     AND features = ARRAY(SELECT DISTINCT f FROM unnest(features) AS f ORDER BY f)
$$;

ALTER TABLE "showtimes"
  ADD COLUMN "accessibility" "AccessFeature"[] NOT NULL DEFAULT ARRAY[]::"AccessFeature"[],
  ADD CONSTRAINT "showtimes_accessibility_canonical" CHECK (access_features_canonical("accessibility"));

CREATE INDEX "showtimes_accessibility_idx" ON "showtimes" USING GIN ("accessibility");
