-- The GST register (server/reports/get-gst-register.ts) reads a cinema's invoices and credit notes
-- by issue date. The unique (cinema_id, fiscal_year, number) indexes order by number, not time, so
-- without these a month's register of one cinema would read its whole financial year.

-- CreateIndex
CREATE INDEX "invoices_cinema_id_issued_at_idx" ON "invoices"("cinema_id", "issued_at");

-- CreateIndex
CREATE INDEX "credit_notes_cinema_id_issued_at_idx" ON "credit_notes"("cinema_id", "issued_at");
