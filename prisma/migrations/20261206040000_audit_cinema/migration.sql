-- Managers read the audit log of their own cinemas: each row names the cinema its entity belongs
-- to, when it belongs to exactly one. Entities of no single cinema (films, posters, users,
-- cities, a promo code or invitation for several cinemas) keep NULL and are read by admins only.

ALTER TABLE "audit_log" ADD COLUMN "cinema_id" UUID;
-- No cascade either way: deleting a cinema must not rewrite history (the log is append-only).
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_cinema_id_fkey"
  FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE NO ACTION ON UPDATE NO ACTION;
CREATE INDEX "audit_log_cinema_id_id_idx" ON "audit_log" ("cinema_id", "id");

-- The cinema an audited entity belongs to, or NULL. entity_id is text (some ids are composite,
-- cinema_staff is "<cinema>:<user>"); anything that is not a uuid maps to NULL.
CREATE FUNCTION "audit_entity_cinema"(p_type text, p_id text) RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = public AS $$
DECLARE
  v_id uuid;
  uuid_re CONSTANT text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
  IF p_id IS NULL THEN RETURN NULL; END IF;
  IF p_type = 'cinema_staff' THEN
    p_id := split_part(p_id, ':', 1);
  END IF;
  IF p_id !~ uuid_re THEN RETURN NULL; END IF;
  v_id := p_id::uuid;
  CASE p_type
    WHEN 'cinema', 'cinema_staff' THEN
      RETURN (SELECT c.id FROM cinemas c WHERE c.id = v_id);
    WHEN 'screen' THEN
      RETURN (SELECT sc.cinema_id FROM screens sc WHERE sc.id = v_id);
    WHEN 'showtime' THEN
      RETURN (SELECT sc.cinema_id FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
              WHERE sh.id = v_id);
    WHEN 'booking' THEN
      RETURN (SELECT sc.cinema_id FROM bookings b JOIN showtimes sh ON sh.id = b.showtime_id
              JOIN screens sc ON sc.id = sh.screen_id WHERE b.id = v_id);
    WHEN 'ticket' THEN
      RETURN (SELECT sc.cinema_id FROM tickets t JOIN showtimes sh ON sh.id = t.showtime_id
              JOIN screens sc ON sc.id = sh.screen_id WHERE t.id = v_id);
    WHEN 'refund' THEN
      RETURN (SELECT sc.cinema_id FROM refunds r JOIN payments p ON p.id = r.payment_id
              JOIN seat_holds h ON h.id = p.hold_id JOIN showtimes sh ON sh.id = h.showtime_id
              JOIN screens sc ON sc.id = sh.screen_id WHERE r.id = v_id);
    WHEN 'pricing-rule' THEN
      RETURN (SELECT pr.cinema_id FROM pricing_rules pr WHERE pr.id = v_id);
    WHEN 'promo_code' THEN
      RETURN (SELECT min(pc.cinema_id::text)::uuid FROM promo_code_cinemas pc
              WHERE pc.promo_code_id = v_id HAVING count(*) = 1);
    WHEN 'staff_invitation' THEN
      RETURN (SELECT min(ic.cinema_id::text)::uuid FROM staff_invitation_cinemas ic
              WHERE ic.invitation_id = v_id HAVING count(*) = 1);
    ELSE
      RETURN NULL;
  END CASE;
END $$;

-- Every new row gets its cinema, whichever code writes it (a writer may also name it itself:
-- server/audit/record-audit.ts takes an optional cinemaId for entities this function does not know).
CREATE FUNCTION "audit_log_fill_cinema"() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF NEW.cinema_id IS NULL THEN
    NEW.cinema_id := audit_entity_cinema(NEW.entity_type, NEW.entity_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "audit_log_fill_cinema"
  BEFORE INSERT ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_fill_cinema"();

-- The rows written before this column existed, as far as their entities still say. The
-- append-only trigger is lifted for this one statement of the migration, inside its transaction.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";
UPDATE "audit_log" SET "cinema_id" = audit_entity_cinema("entity_type", "entity_id") WHERE "cinema_id" IS NULL;
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";
