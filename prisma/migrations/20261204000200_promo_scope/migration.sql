-- Promo codes restricted to several cinemas and to films (issue 13.5): two link tables replace
-- promo_codes.cinema_id. No row in a link table means "every cinema" ("every film"). Codes also
-- record who created them and when they were last changed (the admin list shows it).

-- CreateTable
CREATE TABLE "promo_code_cinemas" (
    "promo_code_id" UUID NOT NULL,
    "cinema_id" UUID NOT NULL,

    CONSTRAINT "promo_code_cinemas_pkey" PRIMARY KEY ("promo_code_id","cinema_id")
);

-- CreateTable
CREATE TABLE "promo_code_films" (
    "promo_code_id" UUID NOT NULL,
    "movie_id" UUID NOT NULL,

    CONSTRAINT "promo_code_films_pkey" PRIMARY KEY ("promo_code_id","movie_id")
);

-- CreateIndex
CREATE INDEX "promo_code_cinemas_cinema_id_idx" ON "promo_code_cinemas"("cinema_id");

-- CreateIndex
CREATE INDEX "promo_code_films_movie_id_idx" ON "promo_code_films"("movie_id");

-- AddForeignKey
ALTER TABLE "promo_code_cinemas" ADD CONSTRAINT "promo_code_cinemas_promo_code_id_fkey" FOREIGN KEY ("promo_code_id") REFERENCES "promo_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey: RESTRICT, because deleting the link would make a restricted code valid everywhere.
ALTER TABLE "promo_code_cinemas" ADD CONSTRAINT "promo_code_cinemas_cinema_id_fkey" FOREIGN KEY ("cinema_id") REFERENCES "cinemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promo_code_films" ADD CONSTRAINT "promo_code_films_promo_code_id_fkey" FOREIGN KEY ("promo_code_id") REFERENCES "promo_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey: RESTRICT, as for cinemas.
ALTER TABLE "promo_code_films" ADD CONSTRAINT "promo_code_films_movie_id_fkey" FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing single-cinema codes keep their cinema, now as a link.
INSERT INTO "promo_code_cinemas" ("promo_code_id", "cinema_id")
SELECT "id", "cinema_id" FROM "promo_codes" WHERE "cinema_id" IS NOT NULL;

-- DropForeignKey
ALTER TABLE "promo_codes" DROP CONSTRAINT "promo_codes_cinema_id_fkey";

-- AlterTable
ALTER TABLE "promo_codes" DROP COLUMN "cinema_id",
ADD COLUMN     "created_by_id" UUID,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AddForeignKey
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
