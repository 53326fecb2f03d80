import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillReportingCycles } from '../reporting-cycles.backfill';

/**
 * The register: records as sources give them (unnumbered paragraphs, sections, unknown dates and titles, the
 * responsible the resolution proposes, the source and a confidence level), full-text search in English and Spanish
 * without accents, sort keys for keyset pagination, and the reporting cycles the dashboard's on-time share is
 * counted from.
 *
 * Every new column of `mandates` is generated from the row's `state` (the folded events) or its symbol, so a worker
 * of the previous build, which writes neither, keeps working while both run, and a rebuild recomputes them.
 */
export class Register1764710000000 implements MigrationInterface {
  name = 'Register1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    // A trusted extension: the database's owner may create it.
    await q(`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`);
    for (const [name, copy, stem] of [
      ['mandates_english', 'english', 'english_stem'],
      ['mandates_spanish', 'spanish', 'spanish_stem'],
      ['mandates_simple', 'simple', 'simple'],
    ]) {
      await q(`CREATE TEXT SEARCH CONFIGURATION public.${name} (COPY = pg_catalog.${copy})`);
      await q(
        `ALTER TEXT SEARCH CONFIGURATION public.${name}
           ALTER MAPPING FOR hword, hword_part, word, asciihword, hword_asciipart, asciiword
           WITH public.unaccent, ${stem}`,
      );
    }
    // Names are qualified: generated columns call these while pg_restore runs with an empty search_path.
    await q(`
      CREATE FUNCTION public.mandate_symbol_year(symbol text) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN yy >= 48 THEN 1900 + yy ELSE 2000 + yy END
        FROM (SELECT substring(symbol FROM '/(\\d{2})\\)')::integer AS yy) s
      $$`);
    // AG/RES. 999 before AG/RES. 1353: the number zero-padded.
    await q(`
      CREATE FUNCTION public.mandate_symbol_key(symbol text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(
          substring(symbol FROM '^[A-Z]{2}/[A-Z]{3}\\. ') || lpad(substring(symbol FROM '^[A-Z]{2}/[A-Z]{3}\\. (\\d+)'), 6, '0')
            || substring(symbol FROM '^[A-Z]{2}/[A-Z]{3}\\. \\d+(.*)$'),
          symbol)
      $$`);
    // Symbol, title, text and follow-up summaries; stemmed in English and in Spanish, accents ignored.
    await q(`
      CREATE FUNCTION public.mandate_search_document(state jsonb) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('public.mandates_simple', coalesce(r ->> 'resolutionSymbol', '')), 'A')
          || setweight(to_tsvector('public.mandates_english', coalesce(r ->> 'title', '')), 'A')
          || setweight(to_tsvector('public.mandates_spanish', coalesce(r ->> 'title', '')), 'A')
          || setweight(to_tsvector('public.mandates_english', coalesce(r ->> 'text', '')), 'B')
          || setweight(to_tsvector('public.mandates_spanish', coalesce(r ->> 'text', '')), 'B')
          || setweight(to_tsvector('public.mandates_english', f), 'C')
          || setweight(to_tsvector('public.mandates_spanish', f), 'C')
        FROM (SELECT state -> 'registration' AS r,
                     coalesce((SELECT string_agg(a ->> 'summary', ' ') FROM jsonb_array_elements(state -> 'followUps') a), '') AS f) s
      $$`);
    await q(`
      CREATE FUNCTION public.mandate_search_query(words text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT websearch_to_tsquery('public.mandates_english', words)
            || websearch_to_tsquery('public.mandates_spanish', words)
            || websearch_to_tsquery('public.mandates_simple', words)
      $$`);

    await q(`ALTER TABLE "mandates" ALTER COLUMN "paragraph" DROP NOT NULL`);
    await q(`ALTER TABLE "mandates" ALTER COLUMN "title" DROP NOT NULL`);
    await q(`ALTER TABLE "mandates" ALTER COLUMN "adopted_on" DROP NOT NULL`);
    const registration = (key: string) => `("state" -> 'registration' ->> '${key}')`;
    await q(`
      ALTER TABLE "mandates"
        ADD "section" varchar(60) GENERATED ALWAYS AS (${registration('section')}) STORED,
        ADD "ordinal" smallint GENERATED ALWAYS AS (${registration('ordinal')}::smallint) STORED,
        ADD "paragraph_label" varchar(120) GENERATED ALWAYS AS (${registration('paragraphLabel')}) STORED,
        ADD "adopted_on_basis" varchar(16) GENERATED ALWAYS AS (${registration('adoptedOnBasis')}) STORED,
        ADD "adoption_year" smallint GENERATED ALWAYS AS (
          coalesce(extract(year FROM "adopted_on")::integer, public.mandate_symbol_year("resolution_symbol"))) STORED,
        ADD "adopted_key" date GENERATED ALWAYS AS (
          coalesce("adopted_on", make_date(public.mandate_symbol_year("resolution_symbol"), 1, 1))) STORED,
        ADD "due_key" date GENERATED ALWAYS AS (coalesce("next_due_on", 'infinity'::date)) STORED,
        ADD "symbol_key" varchar(120) GENERATED ALWAYS AS (public.mandate_symbol_key("resolution_symbol")) STORED,
        ADD "responsible" varchar(300) GENERATED ALWAYS AS (${registration('responsible')}) STORED,
        ADD "responsible_dependency_id" varchar(40) GENERATED ALWAYS AS (${registration('responsibleDependencyId')}) STORED,
        ADD "confidence" varchar(8) GENERATED ALWAYS AS (${registration('confidence')}) STORED,
        ADD "source_url" varchar(2000) GENERATED ALWAYS AS (${registration('sourceUrl')}) STORED,
        ADD "source_document" varchar(300) GENERATED ALWAYS AS (${registration('sourceDocument')}) STORED,
        ADD "search" tsvector GENERATED ALWAYS AS (public.mandate_search_document("state")) STORED`);
    // One index per supported sort, the id breaking ties (keyset pagination); the filters' own.
    await q(`CREATE INDEX "IDX_mandates_adopted_key" ON "mandates" ("adopted_key", "id")`);
    await q(`CREATE INDEX "IDX_mandates_due_key" ON "mandates" ("due_key", "id")`);
    await q(`CREATE INDEX "IDX_mandates_updated_at" ON "mandates" ("updated_at", "id")`);
    await q(`CREATE INDEX "IDX_mandates_symbol_key" ON "mandates" ("symbol_key", "id")`);
    await q(`CREATE INDEX "IDX_mandates_search" ON "mandates" USING gin ("search")`);
    await q(`CREATE INDEX "IDX_mandates_officer" ON "mandates" ("officer")`);
    await q(`CREATE INDEX "IDX_mandates_area" ON "mandates" ("area")`);
    await q(`CREATE INDEX "IDX_mandates_resolution_symbol" ON "mandates" ("resolution_symbol")`);
    await q(`CREATE INDEX "IDX_mandates_responsible_dependency_id" ON "mandates" ("responsible_dependency_id")`);

    // A reporting cycle completed by an accepted report: when it was due, when its report came, who held it.
    await q(`
      CREATE TABLE "reporting_cycles" (
        "mandate_id" varchar(200) NOT NULL,
        "sequence" integer NOT NULL,
        "cycle" integer NOT NULL,
        "due_on" date NOT NULL,
        "report_id" varchar(20) NOT NULL,
        "submitted_at" timestamptz NOT NULL,
        "accepted_at" timestamptz NOT NULL,
        "dependency" varchar(200),
        "dependency_id" varchar(40),
        "on_time" boolean NOT NULL,
        PRIMARY KEY ("mandate_id", "sequence")
      )`);
    await q(`CREATE INDEX "IDX_reporting_cycles_dependency" ON "reporting_cycles" ("dependency_id", "dependency")`);
    await backfillReportingCycles(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE "reporting_cycles"`);
    for (const index of [
      'adopted_key',
      'due_key',
      'updated_at',
      'symbol_key',
      'search',
      'officer',
      'area',
      'resolution_symbol',
      'responsible_dependency_id',
    ]) {
      await q(`DROP INDEX "IDX_mandates_${index}"`);
    }
    await q(`
      ALTER TABLE "mandates"
        DROP "section", DROP "ordinal", DROP "paragraph_label", DROP "adopted_on_basis", DROP "adoption_year",
        DROP "adopted_key", DROP "due_key", DROP "symbol_key", DROP "responsible", DROP "responsible_dependency_id",
        DROP "confidence", DROP "source_url", DROP "source_document", DROP "search"`);
    await q(`DROP FUNCTION public.mandate_search_query(text)`);
    await q(`DROP FUNCTION public.mandate_search_document(jsonb)`);
    await q(`DROP FUNCTION public.mandate_symbol_key(text)`);
    await q(`DROP FUNCTION public.mandate_symbol_year(text)`);
    for (const name of ['mandates_english', 'mandates_spanish', 'mandates_simple']) {
      await q(`DROP TEXT SEARCH CONFIGURATION public.${name}`);
    }
    // Rows written since may hold no date or title: they cannot go back under NOT NULL; the columns stay nullable.
  }
}
