import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The archive of closed workflow runs: a mandate's permanent record once Temporal's retention deletes them.
 * Append-only by construction: triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
 */
export class RunArchive1764500000000 implements MigrationInterface {
  name = 'RunArchive1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "run_archive" (
        "workflow_id" varchar(300) NOT NULL,
        "run_id" varchar(100) NOT NULL,
        "history" text NOT NULL,
        "sha256" char(64) NOT NULL,
        "history_events" integer NOT NULL CHECK ("history_events" > 0),
        "close_status" varchar(32) NOT NULL,
        "closed_at" timestamptz,
        "archived_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("workflow_id", "run_id")
      )`);
    await queryRunner.query(`
      CREATE FUNCTION "run_archive_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'run_archive is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "run_archive_append_only" BEFORE UPDATE OR DELETE ON "run_archive"
      FOR EACH ROW EXECUTE FUNCTION "run_archive_refuse_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "run_archive_no_truncate" BEFORE TRUNCATE ON "run_archive"
      FOR EACH STATEMENT EXECUTE FUNCTION "run_archive_refuse_change"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Reverting must not destroy a permanent record: only an empty archive goes.
    const [{ count }] = (await queryRunner.query(`SELECT count(*)::int AS count FROM "run_archive"`)) as {
      count: number;
    }[];
    if (count > 0) {
      throw new Error(`run_archive holds ${count} archived runs, the mandates' permanent record; not dropping it`);
    }
    await queryRunner.query(`DROP TABLE "run_archive"`);
    await queryRunner.query(`DROP FUNCTION "run_archive_refuse_change"()`);
  }
}
