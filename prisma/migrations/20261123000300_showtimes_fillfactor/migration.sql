-- Every seat change bumps its showtime's seat_version. With room left on each page, PostgreSQL
-- can update the row in place (a HOT update, no new index entries). Without it, each bump writes
-- new entries into every index of showtimes, including the primary key pages that concurrent
-- bookings' foreign-key checks read under SERIALIZABLE, which turns unrelated bookings into
-- serialization conflicts. Rows written before this migration get the room on their next rewrite.
ALTER TABLE "showtimes" SET (fillfactor = 70);
