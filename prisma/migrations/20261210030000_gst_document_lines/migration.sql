-- The lines of every tax invoice and credit note, one row each, for the GST register's SAC-wise
-- summary (GSTR-1 Table 12, server/reports/gst-register.ts). The documents keep their lines as
-- jsonb (what their PDFs print); expanding those of 190,000 documents took 1.1 s of a register
-- over every cinema's two months, aggregating these rows by (cinema_id, issued_at) a fifth of it.
-- Filled by the database when a document is inserted, from the document itself, so it can never
-- disagree with it: documents never change (invoices_immutable, credit_notes_immutable), and
-- neither do these rows. Amounts as the line states them: a credit note's are positive, what it
-- reverses; the register subtracts them.

-- CreateTable
CREATE TABLE "gst_document_lines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "invoice_id" UUID,
    "credit_note_id" UUID,
    "cinema_id" UUID NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "supplier_gstin" TEXT,
    "line_no" INTEGER NOT NULL,
    "sac" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "tax_rate_bps" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "taxable_minor" INTEGER NOT NULL,
    "cgst_minor" INTEGER NOT NULL,
    "sgst_minor" INTEGER NOT NULL,

    CONSTRAINT "gst_document_lines_pkey" PRIMARY KEY ("id"),
    -- A line of exactly one document.
    CONSTRAINT "gst_document_lines_one_document" CHECK (num_nonnulls("invoice_id", "credit_note_id") = 1)
);

-- CreateIndex
CREATE UNIQUE INDEX "gst_document_lines_invoice_id_line_no_key" ON "gst_document_lines"("invoice_id", "line_no");

-- CreateIndex
CREATE UNIQUE INDEX "gst_document_lines_credit_note_id_line_no_key" ON "gst_document_lines"("credit_note_id", "line_no");

-- CreateIndex
CREATE INDEX "gst_document_lines_cinema_id_issued_at_idx" ON "gst_document_lines"("cinema_id", "issued_at");

-- AddForeignKey
ALTER TABLE "gst_document_lines" ADD CONSTRAINT "gst_document_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gst_document_lines" ADD CONSTRAINT "gst_document_lines_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gst_document_lines" ADD CONSTRAINT "gst_document_lines_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Filled from each document as it is inserted ─────────────────────────────
CREATE FUNCTION "gst_document_lines_of_invoice"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "gst_document_lines" ("invoice_id", "cinema_id", "issued_at", "supplier_gstin", "line_no",
    "sac", "description", "tax_rate_bps", "quantity", "taxable_minor", "cgst_minor", "sgst_minor")
  SELECT NEW."id", NEW."cinema_id", NEW."issued_at", NEW."supplier_gstin", e.n,
         e.l->>'sac', e.l->>'description', (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int,
         (e.l->>'taxableMinor')::int, (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
  FROM jsonb_array_elements(NEW."lines") WITH ORDINALITY AS e(l, n);
  RETURN NULL;
END $$;
CREATE TRIGGER "invoices_gst_document_lines"
  AFTER INSERT ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION "gst_document_lines_of_invoice"();

-- A credit note is filed under the GSTIN of the invoice it corrects (as the register lists it).
CREATE FUNCTION "gst_document_lines_of_credit_note"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "gst_document_lines" ("credit_note_id", "cinema_id", "issued_at", "supplier_gstin", "line_no",
    "sac", "description", "tax_rate_bps", "quantity", "taxable_minor", "cgst_minor", "sgst_minor")
  SELECT NEW."id", NEW."cinema_id", NEW."issued_at", i."supplier_gstin", e.n,
         e.l->>'sac', e.l->>'description', (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int,
         (e.l->>'taxableMinor')::int, (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
  FROM "invoices" i, jsonb_array_elements(NEW."lines") WITH ORDINALITY AS e(l, n)
  WHERE i."id" = NEW."invoice_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "credit_notes_gst_document_lines"
  AFTER INSERT ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION "gst_document_lines_of_credit_note"();

-- ─── Like the documents, their lines never change ─────────────────────────────
CREATE FUNCTION "gst_document_lines_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the lines of an issued document cannot be changed or deleted'
    USING ERRCODE = '42501', CONSTRAINT = 'gst_document_lines_immutable';
END $$;
CREATE TRIGGER "gst_document_lines_immutable"
  BEFORE UPDATE OR DELETE ON "gst_document_lines"
  FOR EACH ROW EXECUTE FUNCTION "gst_document_lines_refuse_change"();

-- ─── The documents issued before this migration ──────────────────────────────
INSERT INTO "gst_document_lines" ("invoice_id", "cinema_id", "issued_at", "supplier_gstin", "line_no",
  "sac", "description", "tax_rate_bps", "quantity", "taxable_minor", "cgst_minor", "sgst_minor")
SELECT i."id", i."cinema_id", i."issued_at", i."supplier_gstin", e.n,
       e.l->>'sac', e.l->>'description', (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int,
       (e.l->>'taxableMinor')::int, (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
FROM "invoices" i, jsonb_array_elements(i."lines") WITH ORDINALITY AS e(l, n);

INSERT INTO "gst_document_lines" ("credit_note_id", "cinema_id", "issued_at", "supplier_gstin", "line_no",
  "sac", "description", "tax_rate_bps", "quantity", "taxable_minor", "cgst_minor", "sgst_minor")
SELECT c."id", c."cinema_id", c."issued_at", i."supplier_gstin", e.n,
       e.l->>'sac', e.l->>'description', (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int,
       (e.l->>'taxableMinor')::int, (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
FROM "credit_notes" c JOIN "invoices" i ON i."id" = c."invoice_id",
     jsonb_array_elements(c."lines") WITH ORDINALITY AS e(l, n);
