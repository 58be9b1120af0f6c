-- Uploaded media (posters) in the database, so that every app instance behind a load balancer
-- serves the same files and a backup carries them (server/media/store.ts, MEDIA_STORE=database).
-- Before, they were files under MEDIA_DIR: per machine, and outside the backup file. Such files
-- are copied in lazily, the first time an instance is asked for one the table lacks.
--
-- An object's key names its content (the poster key is a hash of the upload), so a row never
-- changes once written: a second put of one key is INSERT … ON CONFLICT DO NOTHING, and the trigger
-- below refuses an UPDATE that would make one key mean other bytes.

-- CreateTable
CREATE TABLE "media_objects" (
    "key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_objects_pkey" PRIMARY KEY ("key"),
    -- The key rule of server/media/store.ts (assertMediaKey): relative paths of lower-case
    -- letters, digits, dots, dashes and underscores between slashes, no "..", at most 200
    -- characters; the same rule the filesystem store relies on to never climb out of its folder.
    CONSTRAINT "media_objects_key_format" CHECK (
        "key" ~ '^[a-z0-9]+([a-z0-9._-]*[a-z0-9])?(/[a-z0-9]+([a-z0-9._-]*[a-z0-9])?)*$'
        AND strpos("key", '..') = 0
        AND length("key") <= 200
    ),
    CONSTRAINT "media_objects_content_type_format" CHECK ("content_type" ~ '^[a-z]+/[a-z0-9.+-]+$'),
    -- `size` is what a listing reads without touching the bytes; it cannot disagree with them.
    -- 16 MiB bounds a row far above any poster size the app writes (tens of kB).
    CONSTRAINT "media_objects_size_matches" CHECK ("size" = octet_length("bytes") AND "size" <= 16777216)
);

-- WebP and JPEG are compressed already: TOAST would try to compress them again and give up, on
-- every write. EXTERNAL keeps large values out of line without that attempt.
ALTER TABLE "media_objects" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;

-- Keys name content: an update may not change what a key holds (writing the same values back is
-- harmless and allowed). Deleting stays possible.
CREATE FUNCTION media_objects_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."key" IS DISTINCT FROM OLD."key"
     OR NEW."bytes" IS DISTINCT FROM OLD."bytes"
     OR NEW."content_type" IS DISTINCT FROM OLD."content_type" THEN
    RAISE EXCEPTION 'media object % is immutable: its key names its content', OLD."key"
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER media_objects_immutable
  BEFORE UPDATE ON "media_objects"
  FOR EACH ROW EXECUTE FUNCTION media_objects_immutable();
