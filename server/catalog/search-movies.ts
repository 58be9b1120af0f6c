import 'server-only';
import type { FORMAT_VALUES, SearchResult } from '@/lib/schemas/discover';
import { deletions, searchWords, typoDistance, typoReach, typosAllowed } from '@/lib/search-words';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// Film search for the header's suggestions, the results page and GET /api/v1/search. Every
// candidate set comes from an index; the WHERE clauses repeat the index expressions exactly, or
// the planner could not use them:
//   - words, with typos forgiven as a search engine forgives them (lib/search-words.ts, migration
//     20261207100000_search_words): every word of the query must be one of the film's words
//     (title, cast, language, genre, format) within its typo budget, the last one also as a
//     prefix. Trigram similarity, used before, missed a dropped letter in a short word ("maurai")
//     and swapped letters ("mosnoon"), and cost a scan of every title and name per keystroke;
//   - the query inside a title (trigrams on lower(title), prisma/migrations/20261123000100_search);
//   - the title + synopsis document (search_documents), by word stems.
//
// Ranking is tiered, so a weaker kind of match never outranks a stronger one:
//   exact title 4 > title prefix 3..4 > all words in the title 2.4..3, query inside a title 2..3 >
//   title and cast words 1.9..2 > cast words 1.2..1.5 > language, genre, format 0.5..0.6,
//   synopsis 0..1
// and within a tier the similarity (or ts_rank, or fewer typos and more of the title) orders them.

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
  match: SearchResult['match'];
  cast_name: string | null;
  score: number;
};

/** Lower-cased, single-spaced: what the indexed lower(...) expressions are compared with. */
function normaliseQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The synopsis query: every word must occur, the last one as a prefix (the user is still typing
 * it). Whole words are stemmed like the document ("smugglers" finds "smuggler"). The unfinished
 * last word is also tried unstemmed: stemming a fragment can change it into something no word
 * begins with ("stormy" is a word, but the stemmer turns the fragment "stormy" of "stormynight"
 * into "stormi"). Only letters and digits survive, so the syntax cannot be injected.
 */
function prefixTsQuery(q: string): Prisma.Sql | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  const last = words.pop();
  if (last === undefined) return null;
  const lastWord = Prisma.sql`(to_tsquery('english'::regconfig, ${`${last}:*`}::text) || to_tsquery('simple'::regconfig, ${`${last}:*`}::text))`;
  if (words.length === 0) return lastWord;
  return Prisma.sql`(to_tsquery('english'::regconfig, ${words.join(' & ')}::text) && ${lastWord})`;
}

/** A catalogue word close enough to query word `qi`, and what it costs in typos. */
export type WordCandidate = { qi: number; word: string; cost: number };

// A prefix is not a whole word: "madu" ranks "Madurai" a little below an exact "madurai".
const PREFIX_COST = 0.5;
const MAX_PREFIX_WORDS = 50;

/**
 * The catalogue's words within each query word's typo budget (and, for the last word, those it
 * begins): one statement over the deletion index, then the true distance on what it found.
 */
export async function findWordCandidates(words: string[]): Promise<WordCandidate[]> {
  if (words.length === 0) return [];
  const wanted = words.map((word) => ({ word, variants: new Set(deletions(word, typoReach(word))) }));
  const variants = [...new Set(wanted.flatMap((w) => [...w.variants]))];
  const last = words.at(-1) as string;
  const prefix = last.length >= 2 ? `${likeEscape(last)}%` : null;
  const rows = await db().$queryRaw<{ variant: string | null; word: string }[]>`
    SELECT "variant", "word" FROM "search_word_variants" WHERE "variant" = ANY(${variants}::text[])
    UNION ALL
    (SELECT DISTINCT NULL, "word" FROM "search_terms"
     WHERE ${prefix}::text IS NOT NULL AND lower("word") LIKE ${prefix}::text
     ORDER BY 2 LIMIT ${MAX_PREFIX_WORDS})`;
  const best = new Map<string, WordCandidate>();
  const offer = (c: WordCandidate) => {
    const key = `${c.qi}\u0000${c.word}`;
    const had = best.get(key);
    if (!had || c.cost < had.cost) best.set(key, c);
  };
  for (const row of rows) {
    if (row.variant === null) {
      offer({ qi: words.length - 1, word: row.word, cost: row.word === last ? 0 : PREFIX_COST });
      continue;
    }
    wanted.forEach((w, qi) => {
      if (!w.variants.has(row.variant as string)) return;
      const allowed = typosAllowed(w.word, row.word);
      const d = typoDistance(row.word, w.word, allowed);
      if (d <= allowed) offer({ qi, word: row.word, cost: d });
    });
  }
  return [...best.values()];
}

/** The one search statement (exported so a test can EXPLAIN it and see the indexes it uses). */
export function searchMoviesSql(options: {
  q: string;
  limit?: number;
  /** findWordCandidates' answer for the query's words; none means no word-by-word matching. */
  candidates?: WordCandidate[];
}): Prisma.Sql {
  const q = normaliseQuery(options.q);
  const candidates = options.candidates ?? [];
  const wordCount = new Set(candidates.map((c) => c.qi)).size === 0 ? 0 : searchWords(q).length;
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 50);
  const tsq = prefixTsQuery(q);
  const contains = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const synopsisHits = tsq
    ? Prisma.sql`SELECT "id", (rank / (1 + rank))::float8 AS score FROM (
        SELECT d."movie_id" AS "id", ts_rank(d."document", ${tsq}) AS rank
        FROM "search_documents" d
        WHERE d."document" @@ ${tsq}
      ) ranked`
    : Prisma.sql`SELECT NULL::uuid AS "id", 0::float8 AS score WHERE false`;

  return Prisma.sql`
    -- The whole query inside a title: exact, then prefix, then anywhere. LIKE '%…%' uses the title
    -- trigram index; similarity() only orders the few rows found.
    WITH title_hits AS (
      SELECT m."id",
             CASE
               WHEN lower(m."title") = ${q}::text THEN 4
               WHEN lower(m."title") LIKE ${prefix}::text THEN 3 + 0.99 * similarity(lower(m."title"), ${q}::text)
               ELSE 2 + similarity(lower(m."title"), ${q}::text)
             END::float8 AS score
      FROM "movies" m
      WHERE lower(m."title") LIKE ${contains}::text
    ),
    synopsis_hits AS (${synopsisHits}),
    word_candidates AS (
      SELECT * FROM unnest(${candidates.map((c) => c.qi)}::int[], ${candidates.map((c) => c.word)}::text[],
                           ${candidates.map((c) => c.cost)}::float8[]) AS c(qi, word, cost)
    ),
    -- Each query word's best match in each film: fewest typos, then the strongest field.
    word_best AS (
      SELECT DISTINCT ON (t."movie_id", c.qi) t."movie_id", c.qi, t."field", t."source", c.cost
      FROM word_candidates c JOIN "search_terms" t ON t."word" = c.word
      ORDER BY t."movie_id", c.qi, c.cost,
               array_position(ARRAY['title', 'cast', 'language', 'genre', 'format'], t."field")
    ),
    word_films AS (
      SELECT "movie_id", sum(cost) AS typos,
             bool_and("field" = 'title') AS all_title, bool_or("field" = 'title') AS some_title,
             bool_and("field" = 'cast') AS all_cast, bool_or("field" = 'cast') AS some_cast,
             min("source") FILTER (WHERE "field" = 'cast') AS cast_name,
             (array_agg("field" ORDER BY qi))[1] AS first_field
      FROM word_best GROUP BY "movie_id"
      HAVING count(*) = ${wordCount}::int
    ),
    word_hits AS (
      SELECT f."movie_id" AS "id",
             (CASE
                WHEN f.all_title THEN 2.4 + 0.5 * ${wordCount}::float8 / greatest(
                  (SELECT count(*) FROM "search_terms" t WHERE t."movie_id" = f."movie_id" AND t."field" = 'title'),
                  ${wordCount}::int)
                WHEN f.some_title THEN 1.9
                WHEN f.all_cast THEN 1.4
                WHEN f.some_cast THEN 1.2
                ELSE 0.5
              END + 0.09 * (1 - f.typos / (2.0 * ${wordCount}::int)))::float8 AS score,
             -- A name among the words is what the customer will want to see ("Starring …").
             CASE WHEN f.all_title THEN 'title' WHEN f.some_cast THEN 'cast'
                  WHEN f.some_title THEN 'title' ELSE f.first_field END AS match,
             CASE WHEN f.all_title THEN NULL ELSE f.cast_name END AS cast_name
      FROM word_films f
    ),
    best AS (
      SELECT DISTINCT ON ("id") "id", score, match, cast_name
      FROM (
        SELECT "id", score, 'title' AS match, NULL::text AS cast_name FROM title_hits
        UNION ALL SELECT "id", score, 'synopsis', NULL FROM synopsis_hits
        UNION ALL SELECT "id", score, match, cast_name FROM word_hits
      ) hits
      ORDER BY "id", score DESC
    )
    SELECT m."slug", m."title", m."poster_url", m."certificate", m."genres", m."languages",
           m."formats"::text[] AS "formats", m."runtime_minutes", m."release_date",
           r.avg::float8 AS rating_avg, r.n::int AS rating_count,
           b.match, b.cast_name, b.score
    FROM best b
    JOIN "movies" m ON m."id" = b."id" AND m."archived_at" IS NULL
    LEFT JOIN LATERAL (
      SELECT avg(v."rating") AS avg, count(*) AS n FROM "reviews" v WHERE v."movie_id" = m."id"
    ) r ON true
    ORDER BY b.score DESC, m."release_date" DESC, m."title"
    LIMIT ${limit}`;
}

export async function searchMovies(options: { q: string; limit?: number }): Promise<SearchResult[]> {
  if (normaliseQuery(options.q).length === 0) return [];
  const candidates = await findWordCandidates(searchWords(options.q));
  const rows = await db().$queryRaw<Row[]>(searchMoviesSql({ ...options, candidates }));
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
