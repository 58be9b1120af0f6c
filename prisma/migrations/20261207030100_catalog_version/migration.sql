-- A version of everything a hold is priced and judged from (showtimes and their prices, pricing
-- rules, cinemas' fees and taxes, screens, layouts and seats), owned by the database. With several
-- instances a hold compares its cached showtime context's version with this row before pricing,
-- so the very next hold after an admin's change is charged the new price on every instance, even
-- when that instance has not yet processed the change's NOTIFY (the two-instance drill saw 1 hold
-- in 40 at the old price without it).
CREATE TABLE "catalog_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "catalog_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "catalog_version_one_row" CHECK ("id" = 1)
);
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 0);

-- Bumped once per transaction, at its commit (deferred constraint triggers run last): the row lock
-- is then the last lock a writer takes, so two writers can wait for each other on it but never
-- deadlock, and a bulk insert of showtimes bumps it once, not once a row.
CREATE FUNCTION "bump_catalog_version"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF current_setting('marquee.catalog_bumped', true) IS DISTINCT FROM '1' THEN
    PERFORM set_config('marquee.catalog_bumped', '1', true);
    UPDATE "catalog_version" SET "version" = "version" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END $$;

-- On every table a showtime context is loaded from: "<table>_bump_catalog_version".
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['showtimes', 'showtime_prices', 'pricing_rules', 'cinemas', 'screens',
                           'screen_layouts', 'seats'] LOOP
    EXECUTE format(
      'CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_catalog_version"()',
      t || '_bump_catalog_version', t);
  END LOOP;
END $$;
