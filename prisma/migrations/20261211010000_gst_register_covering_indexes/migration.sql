-- The GST register's summaries (server/reports/gst-register.ts) aggregate every document of the
-- range: per cinema, series and financial year (count, first and last number, sums) and per SAC
-- code and rate. Over every cinema's two months (188,000 invoices, 370,000 lines) reading the
-- rows from the tables took most of the page's time: invoices are wide (their jsonb lines, the
-- supplier's name and address), 163 MB for 188,000 rows. These indexes carry, after the
-- (cinema_id, issued_at) they replace, every column the aggregates read, so the summaries are
-- index-only scans of a range (15 MB for the invoices instead of 163 MB). The tables are
-- insert-only (documents never change), so autovacuum's insert threshold keeps their visibility
-- map set and the scans need no heap fetches. Credit notes are few (one per refund): their
-- (cinema_id, issued_at) index stays as it is.

-- DropIndex
DROP INDEX "invoices_cinema_id_issued_at_idx";

-- CreateIndex
CREATE INDEX "invoices_gst_register_idx" ON "invoices"("cinema_id", "issued_at", "fiscal_year", "number", "supplier_gstin", "taxable_minor", "cgst_minor", "sgst_minor", "total_minor");

-- DropIndex
DROP INDEX "gst_document_lines_cinema_id_issued_at_idx";

-- CreateIndex
CREATE INDEX "gst_document_lines_gst_register_idx" ON "gst_document_lines"("cinema_id", "issued_at", "supplier_gstin", "sac", "tax_rate_bps", "credit_note_id", "quantity", "taxable_minor", "cgst_minor", "sgst_minor", "description");

-- An index-only scan reads the heap for every page not marked all-visible, and the pages a register
-- of the current month reads are the newest. Autovacuum visits an insert-only table after 20 % of
-- its rows were added (autovacuum_vacuum_insert_scale_factor): with a year of invoices, a month or
-- more of them. At 1 % it marks them visible within days; vacuuming pages that were only inserted
-- into is cheap (no dead rows).
ALTER TABLE "invoices" SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE "gst_document_lines" SET (autovacuum_vacuum_insert_scale_factor = 0.01);
