-- A screen's details (issue 13, item 2), edited with its name and formats. Its cleaning time
-- between shows is the column screens.cleaning_minutes that 20261204200000_programming adds
-- (null: the cinema's), so this migration adds only the formats rule.

-- A screen projects at least one format.
ALTER TABLE "screens" ADD CONSTRAINT "screens_formats_present" CHECK (cardinality("formats") >= 1);
