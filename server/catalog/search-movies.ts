import 'server-only';
import type { FORMAT_VALUES, SearchResult } from '@/lib/schemas/discover';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// Film search for the header's suggestions, the results page and GET /api/v1/search. Every
// candidate set comes from an index (prisma/migrations/20261123000100_search): trigrams on
// lower(title) and lower(movie_credits.name), and the title + synopsis tsvector. The WHERE
// clauses below repeat those index expressions exactly, or the planner could not use them.
//
// Ranking is tiered, so a weaker kind of match never outranks a stronger one:
//   exact title 4 > title prefix 3..4 > title trigram 2..3 > cast name 1..2 > synopsis 0..1
// and within a tier the similarity (or ts_rank) orders the films.

const FTS_DOCUMENT = Prisma.sql`(setweight(to_tsvector('english'::regconfig, m."title"), 'A') ||
   setweight(to_tsvector('english'::regconfig, m."synopsis"), 'B'))`;

type Row = {
  slug: string;
  title: string;
  poster_url: string;
  certificate: string;
  genres: string[];
  languages: string[];
  formats: (typeof FORMAT_VALUES)[number][];
  runtime_minutes: number;
  release_date: Date;
  rating_avg: number | null;
  rating_count: number;
  match: 'title' | 'cast' | 'synopsis';
  cast_name: string | null;
  score: number;
};

/** Lower-cased, single-spaced: what the indexed lower(...) expressions are compared with. */
function normaliseQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A tsquery in to_tsquery syntax: every word must occur, the last one as a prefix (the user is
 * still typing it). Only letters and digits survive, so the syntax cannot be injected.
 */
function prefixTsQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** The one search statement (exported so a test can EXPLAIN it and see the indexes it uses). */
export function searchMoviesSql(options: { q: string; limit?: number }): Prisma.Sql {
  const q = normaliseQuery(options.q);
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 50);
  const tsq = prefixTsQuery(q);
  const contains = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const synopsisHits = tsq
    ? Prisma.sql`SELECT "id", (rank / (1 + rank))::float8 AS score FROM (
        SELECT m."id", ts_rank(${FTS_DOCUMENT}, to_tsquery('english'::regconfig, ${tsq}::text)) AS rank
        FROM "movies" m
        WHERE ${FTS_DOCUMENT} @@ to_tsquery('english'::regconfig, ${tsq}::text)
      ) ranked`
    : Prisma.sql`SELECT NULL::uuid AS "id", 0::float8 AS score WHERE false`;

  return Prisma.sql`
    WITH title_hits AS (
      SELECT m."id",
             CASE
               WHEN lower(m."title") = ${q}::text THEN 4
               WHEN lower(m."title") LIKE ${prefix}::text THEN 3 + 0.99 * similarity(lower(m."title"), ${q}::text)
               ELSE 2 + greatest(similarity(lower(m."title"), ${q}::text), word_similarity(${q}::text, lower(m."title")))
             END::float8 AS score
      FROM "movies" m
      WHERE lower(m."title") % ${q}::text
         OR ${q}::text <% lower(m."title")
         OR lower(m."title") LIKE ${contains}::text
    ),
    -- MATERIALIZED: find the matching names through the trigram index first, then keep each
    -- film's best one (otherwise the DISTINCT ON's ordering can lure the planner into walking
    -- every credit in movie_id order).
    cast_matches AS MATERIALIZED (
      SELECT c."movie_id", c."name", c."position",
             (1 + greatest(word_similarity(${q}::text, lower(c."name")), similarity(lower(c."name"), ${q}::text)))::float8 AS score
      FROM "movie_credits" c
      WHERE ${q}::text <% lower(c."name")
         OR lower(c."name") % ${q}::text
    ),
    cast_hits AS (
      SELECT DISTINCT ON ("movie_id") "movie_id" AS "id", "name", score
      FROM cast_matches
      ORDER BY "movie_id", score DESC, "position"
    ),
    synopsis_hits AS (${synopsisHits}),
    best AS (
      SELECT DISTINCT ON ("id") "id", score, match, cast_name
      FROM (
        SELECT "id", score, 'title' AS match, NULL::text AS cast_name FROM title_hits
        UNION ALL SELECT "id", score, 'cast', "name" FROM cast_hits
        UNION ALL SELECT "id", score, 'synopsis', NULL FROM synopsis_hits
      ) hits
      ORDER BY "id", score DESC
    )
    SELECT m."slug", m."title", m."poster_url", m."certificate", m."genres", m."languages",
           m."formats"::text[] AS "formats", m."runtime_minutes", m."release_date",
           r.avg::float8 AS rating_avg, r.n::int AS rating_count,
           b.match, b.cast_name, b.score
    FROM best b
    JOIN "movies" m ON m."id" = b."id"
    LEFT JOIN LATERAL (
      SELECT avg(v."rating") AS avg, count(*) AS n FROM "reviews" v WHERE v."movie_id" = m."id"
    ) r ON true
    ORDER BY b.score DESC, m."release_date" DESC, m."title"
    LIMIT ${limit}`;
}

export async function searchMovies(options: { q: string; limit?: number }): Promise<SearchResult[]> {
  if (normaliseQuery(options.q).length === 0) return [];
  const rows = await db().$queryRaw<Row[]>(searchMoviesSql(options));
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    posterUrl: r.poster_url,
    certificate: r.certificate,
    genres: r.genres,
    languages: r.languages,
    formats: r.formats,
    runtimeMinutes: r.runtime_minutes,
    releaseDate: r.release_date.toISOString().slice(0, 10),
    rating: r.rating_count
      ? { average: Math.round((r.rating_avg ?? 0) * 10) / 10, count: r.rating_count }
      : null,
    match: r.match,
    castName: r.cast_name,
    score: Math.round(r.score * 1000) / 1000,
  }));
}
