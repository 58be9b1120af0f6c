-- The request that queued a notification (X-Request-Id), sent on the mail as a header so a
-- support question about a mail leads to the request's log lines and audit row. Null for mail
-- queued by a job (reminders). Same bound as the id's validation (server/http/request-id.ts).
ALTER TABLE "notification_outbox" ADD COLUMN "request_id" TEXT;
ALTER TABLE "notification_outbox"
  ADD CONSTRAINT "notification_outbox_request_id_length" CHECK (char_length("request_id") BETWEEN 1 AND 128);
