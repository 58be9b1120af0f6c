-- Rolling programmes carry accessible showings: "Tuesdays, the show starting 10:00–12:00 is a
-- relaxed screening", "every show from 21:00 is subtitled". A template plans back to back from its
-- first show, so a session's start time moves with the films' runtimes; a slot is therefore a set
-- of weekdays and a window of start times, not one exact time. The rolling-programme job gives each
-- session it writes the features of every slot its local weekday and start time fall in.
-- A table of slots rather than a JSON column on the template: the features are the same enum
-- array as showtimes.accessibility, kept canonical by the same CHECK.

-- ISO weekdays (1 Monday … 7 Sunday), at least one, each once, in order, no NULL (a CHECK cannot
-- hold a subquery; an immutable function can, as access_features_canonical does).
CREATE FUNCTION iso_weekdays_canonical(days SMALLINT[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT cardinality(days) BETWEEN 1 AND 7
     AND array_position(days, NULL) IS NULL
     AND 1 <= ALL (days) AND 7 >= ALL (days)
     AND days = ARRAY(SELECT DISTINCT d FROM unnest(days) AS d ORDER BY d)
$$;

CREATE TABLE "programme_template_access_slots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "template_id" UUID NOT NULL,
    -- The slot's place in the template's list, as the manager wrote it (0, 1, ...).
    "position" INTEGER NOT NULL,
    -- ISO weekdays (1 Monday … 7 Sunday), each once, in order.
    "weekdays" SMALLINT[] NOT NULL,
    -- Sessions starting from this local minute to this one (both included).
    "from_minute" INTEGER NOT NULL,
    "until_minute" INTEGER NOT NULL,
    "features" "AccessFeature"[] NOT NULL,

    CONSTRAINT "programme_template_access_slots_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "programme_template_access_slots_position" CHECK ("position" BETWEEN 0 AND 19),
    CONSTRAINT "programme_template_access_slots_weekdays" CHECK (iso_weekdays_canonical("weekdays")),
    CONSTRAINT "programme_template_access_slots_minutes" CHECK (
      "from_minute" BETWEEN 0 AND 1439 AND "until_minute" BETWEEN "from_minute" AND 1439
    ),
    -- As showtimes_accessibility_canonical: each feature once, in enum order; and at least one.
    CONSTRAINT "programme_template_access_slots_features_canonical" CHECK (
      access_features_canonical("features") AND cardinality("features") >= 1
    )
);

CREATE UNIQUE INDEX "programme_template_access_slots_template_id_position_key"
  ON "programme_template_access_slots"("template_id", "position");

ALTER TABLE "programme_template_access_slots" ADD CONSTRAINT "programme_template_access_slots_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "programme_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;
