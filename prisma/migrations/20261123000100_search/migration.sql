-- Search: typo-tolerant title and cast lookup (trigrams) and full-text search over the synopsis.
-- Expression indexes, which schema.prisma cannot express; server/catalog/search-movies.ts writes
-- its WHERE clauses with exactly these expressions so the planner can use them.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- `lower(title) % q` (similarity), `q <% lower(title)` (word similarity) and `LIKE '%q%'` all use it.
CREATE INDEX "movies_title_trgm_idx" ON "movies" USING gin (lower("title") gin_trgm_ops);

-- Cast and crew names: "priyanka" finds "Priyanka Nair", "vikrnt" finds "Vikrant Sethi".
CREATE INDEX "movie_credits_name_trgm_idx" ON "movie_credits" USING gin (lower("name") gin_trgm_ops);

-- Title (weight A) and synopsis (weight B) as one document. to_tsvector with an explicit
-- configuration is immutable, so it can be indexed.
CREATE INDEX "movies_search_fts_idx" ON "movies" USING gin (
  (setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
   setweight(to_tsvector('english'::regconfig, "synopsis"), 'B'))
);
