-- Search that forgives typos the way Typesense and Meilisearch do (server/catalog/search-movies.ts):
-- one typo (deletion, insertion, substitution or transposition of neighbours) in a word of 5+
-- letters, two in a word of 9+. Trigram similarity cannot promise that: "mosnoon" and "monsoon"
-- share a third of their trigrams, and a short word with one wrong letter shares fewer. So every
-- searchable word is indexed with its deletion neighbourhood (the SymSpell idea): two words are
-- within k edits only if some word made by deleting up to k letters from one equals one made by
-- deleting up to k from the other. A lookup is then a few index probes, and the real distance is
-- computed on the handful of candidates found.

-- What a film can be found by, word by word: title, cast and crew names, languages, genres and
-- formats ("tamil", "thriller", "imax"). Kept by the triggers below, never written by the app.
CREATE TABLE "search_terms" (
  "movie_id" UUID NOT NULL,
  "field" TEXT NOT NULL CHECK ("field" IN ('title', 'cast', 'language', 'genre', 'format')),
  "word" TEXT NOT NULL CHECK ("word" <> ''),
  -- The whole name a cast word came from ("Priyanka Nair"), to say who matched; '' otherwise.
  "source" TEXT NOT NULL DEFAULT '',
  CONSTRAINT "search_terms_pkey" PRIMARY KEY ("word", "field", "movie_id", "source"),
  CONSTRAINT "search_terms_movie_id_fkey" FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "search_terms_movie_id_idx" ON "search_terms" ("movie_id");
-- The last word of a query is matched as a prefix too (the user is still typing it). Words are
-- stored lower-cased already; the lower() makes this an expression index, which schema.prisma
-- does not describe (as with the trigram indexes), and text_pattern_ops serves LIKE 'abc%' in any
-- collation.
CREATE INDEX "search_terms_word_prefix_idx" ON "search_terms" (lower("word") text_pattern_ops);

-- The deletion neighbourhood of every word ever indexed: the word itself, each word with one
-- letter deleted (words of 4+ letters) and with two deleted (7+). A 9-letter query with two
-- insertions meets a 7-letter word; a 5-letter query with one insertion meets a 4-letter one.
-- Rows are only added: a variant whose word left the catalogue finds no search_terms row, which
-- costs nothing but an index probe.
CREATE TABLE "search_word_variants" (
  "variant" TEXT NOT NULL,
  "word" TEXT NOT NULL,
  CONSTRAINT "search_word_variants_pkey" PRIMARY KEY ("variant", "word")
);

-- Title (weight A) and synopsis (weight B) as one stored document. The expression index on
-- movies it replaces had to recompute the document (stemming the whole synopsis) for every row it
-- found, to recheck and to rank: 10 ms for 50 films, most of an autocomplete's time.
CREATE TABLE "search_documents" (
  "movie_id" UUID NOT NULL,
  "document" TSVECTOR NOT NULL,
  CONSTRAINT "search_documents_pkey" PRIMARY KEY ("movie_id"),
  CONSTRAINT "search_documents_movie_id_fkey" FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "search_documents_document_idx" ON "search_documents" USING gin ("document");
DROP INDEX "movies_search_fts_idx";

CREATE FUNCTION search_word_deletions(w text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT w
  UNION
  SELECT overlay(w PLACING '' FROM i FOR 1)
  FROM generate_series(1, length(w)) AS i
  WHERE length(w) >= 4
  UNION
  -- Delete the later letter first so the earlier position still points at the same letter.
  SELECT overlay(overlay(w PLACING '' FROM j FOR 1) PLACING '' FROM i FOR 1)
  FROM generate_series(1, length(w)) AS i, generate_series(1, length(w)) AS j
  WHERE length(w) >= 7 AND j > i
$$;

-- Words of a text as search sees them: lower case, split at anything but letters and digits.
-- The query side (search-movies.ts, searchWords) splits the same way.
CREATE FUNCTION search_words_of(t text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(t, '')), '[^[:alnum:]]+') AS w WHERE w <> ''
$$;

CREATE FUNCTION search_format_word(f text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE f WHEN 'TWO_D' THEN '2d' WHEN 'THREE_D' THEN '3d' WHEN 'FOUR_DX' THEN '4dx' ELSE lower(f) END
$$;

-- Rebuilds one film's terms and document from its row and its credits, and adds any new word's
-- variants.
CREATE FUNCTION search_index_movie(m uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "search_terms" WHERE "movie_id" = m;
  INSERT INTO "search_terms" ("movie_id", "field", "word", "source")
  SELECT DISTINCT m, t.field, t.word, t.source FROM (
    SELECT 'title' AS field, w AS word, '' AS source
      FROM "movies" mv, search_words_of(mv."title") AS w WHERE mv."id" = m
    UNION ALL
    SELECT 'cast', w, c."name"
      FROM "movie_credits" c, search_words_of(c."name") AS w WHERE c."movie_id" = m
    UNION ALL
    SELECT 'language', w, ''
      FROM "movies" mv, unnest(mv."languages") AS l, search_words_of(l) AS w WHERE mv."id" = m
    UNION ALL
    SELECT 'genre', w, ''
      FROM "movies" mv, unnest(mv."genres") AS g, search_words_of(g) AS w WHERE mv."id" = m
    UNION ALL
    SELECT 'format', search_format_word(f::text), ''
      FROM "movies" mv, unnest(mv."formats") AS f WHERE mv."id" = m
  ) t;
  INSERT INTO "search_documents" ("movie_id", "document")
  SELECT mv."id", setweight(to_tsvector('english'::regconfig, mv."title"), 'A') ||
                  setweight(to_tsvector('english'::regconfig, mv."synopsis"), 'B')
  FROM "movies" mv WHERE mv."id" = m
  ON CONFLICT ("movie_id") DO UPDATE SET "document" = EXCLUDED."document";
  INSERT INTO "search_word_variants" ("variant", "word")
  SELECT DISTINCT d, t."word"
  FROM (SELECT DISTINCT "word" FROM "search_terms" WHERE "movie_id" = m) t,
       search_word_deletions(t."word") AS d
  ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION search_index_movie_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'movies' THEN
    PERFORM search_index_movie(NEW."id");
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM search_index_movie(OLD."movie_id");
  ELSE
    PERFORM search_index_movie(NEW."movie_id");
    IF TG_OP = 'UPDATE' AND OLD."movie_id" <> NEW."movie_id" THEN
      PERFORM search_index_movie(OLD."movie_id");
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "movies_search_index"
AFTER INSERT OR UPDATE OF "title", "synopsis", "languages", "genres", "formats" ON "movies"
FOR EACH ROW EXECUTE FUNCTION search_index_movie_trigger();

CREATE TRIGGER "movie_credits_search_index"
AFTER INSERT OR UPDATE OF "name", "movie_id" OR DELETE ON "movie_credits"
FOR EACH ROW EXECUTE FUNCTION search_index_movie_trigger();

-- The films already there.
SELECT search_index_movie("id") FROM "movies";

-- Cast names are found word by word now (server/catalog/search-movies.ts): their trigram index
-- only cost writes.
DROP INDEX "movie_credits_name_trgm_idx";
