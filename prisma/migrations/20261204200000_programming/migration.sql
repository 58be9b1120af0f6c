-- Programming a cinema's week (server/programme): how long a session keeps its screen busy, and
-- where new sessions take their prices from (a price card per cinema: seat category × format ×
-- part of the day). The exclusion constraint showtimes_no_overlap stays the last line behind the
-- clash checks of the use cases.

CREATE TYPE "DayPart" AS ENUM ('MATINEE', 'EVENING', 'NIGHT');

ALTER TABLE "cinemas"
  ADD COLUMN "trailers_minutes" INTEGER NOT NULL DEFAULT 15,
  ADD COLUMN "cleaning_minutes" INTEGER NOT NULL DEFAULT 20,
  ADD COLUMN "evening_from_minute" INTEGER NOT NULL DEFAULT 1020,
  ADD COLUMN "night_from_minute" INTEGER NOT NULL DEFAULT 1260;

ALTER TABLE "cinemas"
  ADD CONSTRAINT "cinemas_programme_minutes" CHECK (
    "trailers_minutes" BETWEEN 0 AND 60 AND "cleaning_minutes" BETWEEN 0 AND 120
  ),
  -- Matinee, evening and night each cover some of the day, in that order.
  ADD CONSTRAINT "cinemas_day_parts" CHECK (
    0 < "evening_from_minute" AND "evening_from_minute" < "night_from_minute" AND "night_from_minute" < 1440
  );

ALTER TABLE "screens" ADD COLUMN "cleaning_minutes" INTEGER;
ALTER TABLE "screens"
  ADD CONSTRAINT "screens_cleaning_minutes" CHECK ("cleaning_minutes" IS NULL OR "cleaning_minutes" BETWEEN 0 AND 120);

CREATE TABLE "price_card_entries" (
    "cinema_id" UUID NOT NULL,
    "category" "SeatCategory" NOT NULL,
    "format" "MovieFormat" NOT NULL,
    "day_part" "DayPart" NOT NULL,
    "price_minor" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_card_entries_pkey" PRIMARY KEY ("cinema_id","category","format","day_part"),
    -- Whole rupees at most ₹1,00,000: a typo of a few zeros is refused, not sold.
    CONSTRAINT "price_card_entries_price" CHECK ("price_minor" >= 0 AND "price_minor" <= 10000000)
);

ALTER TABLE "price_card_entries" ADD CONSTRAINT "price_card_entries_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Cinemas that already sell tickets start with a card that charges what they charge now: for each
-- category, format and part of the day, the price of their latest session of that kind.
INSERT INTO "price_card_entries" ("cinema_id", "category", "format", "day_part", "price_minor")
SELECT DISTINCT ON (sc."cinema_id", p."category", sh."format", part.day_part)
       sc."cinema_id", p."category", sh."format", part.day_part, p."price_minor"
FROM "showtimes" sh
JOIN "screens" sc ON sc."id" = sh."screen_id"
JOIN "cinemas" c ON c."id" = sc."cinema_id"
JOIN "cities" ci ON ci."id" = c."city_id"
JOIN "showtime_prices" p ON p."showtime_id" = sh."id"
CROSS JOIN LATERAL (
  SELECT (CASE
            WHEN m < c."evening_from_minute" THEN 'MATINEE'
            WHEN m < c."night_from_minute" THEN 'EVENING'
            ELSE 'NIGHT'
          END)::"DayPart" AS day_part
  FROM (SELECT (extract(hour FROM sh."starts_at" AT TIME ZONE ci."time_zone") * 60
               + extract(minute FROM sh."starts_at" AT TIME ZONE ci."time_zone"))::int AS m) local_start
) part
WHERE p."price_minor" <= 10000000
ORDER BY sc."cinema_id", p."category", sh."format", part.day_part, sh."starts_at" DESC;
