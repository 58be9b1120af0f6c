-- Programming may move a session nobody ever held a seat of to another screen
-- (server/programme/update-showtime.ts). Such a session has sold nothing on its layout, so it
-- goes onto the new screen's current layout; a session with any claim, live or not, keeps the
-- layout it was created on (20261204120000_screen_layouts), whatever screen it names.
CREATE OR REPLACE FUNCTION "showtimes_fill_layout"() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.layout_id IS NULL THEN
      SELECT current_layout_id INTO NEW.layout_id FROM screens WHERE id = NEW.screen_id;
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.screen_id IS DISTINCT FROM OLD.screen_id
     AND NOT EXISTS (SELECT 1 FROM seat_claims WHERE showtime_id = OLD.id) THEN
    IF NEW.layout_id IS NOT DISTINCT FROM OLD.layout_id THEN
      SELECT current_layout_id INTO NEW.layout_id FROM screens WHERE id = NEW.screen_id;
    END IF;
  ELSIF NEW.layout_id IS DISTINCT FROM OLD.layout_id THEN
    RAISE EXCEPTION 'showtime % keeps the layout it was created on', OLD.id
      USING ERRCODE = '23514', CONSTRAINT = 'showtimes_layout_fixed';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER "showtimes_fill_layout" ON "showtimes";
CREATE TRIGGER "showtimes_fill_layout" BEFORE INSERT OR UPDATE OF "layout_id", "screen_id" ON "showtimes"
  FOR EACH ROW EXECUTE FUNCTION "showtimes_fill_layout"();
