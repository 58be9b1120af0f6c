-- GST credit notes (CGST Act s.34): when money goes back on an invoiced booking, a credit note
-- referencing its invoice reverses the taxable value and the tax of what is refunded. Its own
-- gap-free series per cinema and financial year (credit_note_counters, incremented in the
-- transaction that inserts the note, like invoice_counters), never more than the invoice, and
-- never changed once issued. Written by hand after the models in schema.prisma.

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "invoice_id" UUID NOT NULL,
    "booking_id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "cinema_id" UUID NOT NULL,
    "fiscal_year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "credit_note_number" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'INR',
    "lines" JSONB NOT NULL,
    "taxable_minor" INTEGER NOT NULL,
    "cgst_minor" INTEGER NOT NULL,
    "sgst_minor" INTEGER NOT NULL,
    "total_minor" INTEGER NOT NULL,

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id"),
    -- At most 16 characters like every GST document number: <prefix>CN<yy><yy+1>/<number>,
    -- BOM1CN2627/00042.
    CONSTRAINT "credit_notes_number_format" CHECK (
      "number" BETWEEN 1 AND 999999
      AND char_length("credit_note_number") <= 16
      AND "credit_note_number" ~ '^[A-Z0-9]{1,4}CN[0-9]{4}/[0-9]{5,6}$'
      AND substring("credit_note_number" from 'CN([0-9]{4})/')
          = to_char("fiscal_year" % 100, 'FM00') || to_char(("fiscal_year" + 1) % 100, 'FM00')
      AND split_part("credit_note_number", '/', 2)::int = "number"),
    CONSTRAINT "credit_notes_fiscal_year_of_issue" CHECK (
      "fiscal_year" = EXTRACT(YEAR FROM ("issued_at" AT TIME ZONE 'Asia/Kolkata') - INTERVAL '3 months')::int),
    CONSTRAINT "credit_notes_amounts" CHECK (
      "taxable_minor" >= 0 AND "cgst_minor" >= 0 AND "sgst_minor" >= 0 AND "total_minor" > 0
      AND "total_minor" = "taxable_minor" + "cgst_minor" + "sgst_minor"),
    CONSTRAINT "credit_notes_lines_array" CHECK (jsonb_typeof("lines") = 'array')
);

-- CreateTable
CREATE TABLE "credit_note_counters" (
    "cinema_id" UUID NOT NULL,
    "fiscal_year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "credit_note_counters_pkey" PRIMARY KEY ("cinema_id","fiscal_year"),
    CONSTRAINT "credit_note_counters_last_number" CHECK ("last_number" >= 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_refund_id_key" ON "credit_notes"("refund_id");

-- CreateIndex
CREATE INDEX "credit_notes_booking_id_idx" ON "credit_notes"("booking_id");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_cinema_id_fiscal_year_number_key" ON "credit_notes"("cinema_id", "fiscal_year", "number");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_cinema_id_credit_note_number_key" ON "credit_notes"("cinema_id", "credit_note_number");

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_counters" ADD CONSTRAINT "credit_note_counters_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── A credit note belongs to its invoice and never credits more than it ─────────
-- The invoice's booking and cinema, a tax invoice (a cinema without a GSTIN issued no tax invoice,
-- so there is no tax to reverse), and the notes of one invoice together at most the invoice, line
-- by line in total and in each tax. Concurrent notes of one invoice take turns on the invoice's
-- row lock (FOR UPDATE takes a lock and fires no UPDATE trigger), so two cannot both fit.
CREATE FUNCTION "credit_notes_within_invoice"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inv record;
  credited record;
BEGIN
  SELECT booking_id, cinema_id, supplier_gstin, taxable_minor, cgst_minor, sgst_minor, total_minor
    INTO inv FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  IF inv.booking_id IS DISTINCT FROM NEW.booking_id OR inv.cinema_id IS DISTINCT FROM NEW.cinema_id THEN
    RAISE EXCEPTION 'a credit note belongs to its invoice''s booking and cinema'
      USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_of_invoice';
  END IF;
  IF inv.supplier_gstin IS NULL THEN
    RAISE EXCEPTION 'an invoice that is not a tax invoice has no credit note'
      USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_of_tax_invoice';
  END IF;
  SELECT coalesce(sum(taxable_minor), 0) AS taxable, coalesce(sum(cgst_minor), 0) AS cgst,
         coalesce(sum(sgst_minor), 0) AS sgst, coalesce(sum(total_minor), 0) AS total
    INTO credited FROM credit_notes WHERE invoice_id = NEW.invoice_id;
  IF credited.total + NEW.total_minor > inv.total_minor
     OR credited.taxable + NEW.taxable_minor > inv.taxable_minor
     OR credited.cgst + NEW.cgst_minor > inv.cgst_minor
     OR credited.sgst + NEW.sgst_minor > inv.sgst_minor THEN
    RAISE EXCEPTION 'credit notes may not credit more than their invoice'
      USING ERRCODE = '23514', CONSTRAINT = 'credit_notes_within_invoice';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "credit_notes_within_invoice"
  BEFORE INSERT ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION "credit_notes_within_invoice"();

-- ─── An issued credit note never changes ──────────────────────────────────────
CREATE FUNCTION "credit_notes_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an issued credit note cannot be changed or deleted'
    USING ERRCODE = '42501', CONSTRAINT = 'credit_notes_immutable';
END $$;
CREATE TRIGGER "credit_notes_immutable"
  BEFORE UPDATE OR DELETE ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION "credit_notes_refuse_change"();
CREATE TRIGGER "credit_notes_no_truncate"
  BEFORE TRUNCATE ON "credit_notes"
  FOR EACH STATEMENT EXECUTE FUNCTION "credit_notes_refuse_change"();
