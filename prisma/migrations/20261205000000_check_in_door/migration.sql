-- Which door admitted a ticket ("Door 2"), as the staff member's check-in screen names it, so a
-- second scan can say "Already used at 6:41 pm by Door 2".
ALTER TABLE "tickets" ADD COLUMN "checked_in_door" TEXT;
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_checked_in_door_length"
  CHECK ("checked_in_door" IS NULL OR char_length("checked_in_door") BETWEEN 1 AND 40);
