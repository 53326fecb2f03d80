import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReadModel1764300000000 implements MigrationInterface {
  name = 'CreateReadModel1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mandates" (
        "id" varchar(200) PRIMARY KEY,
        "status" varchar(32) NOT NULL,
        "body" varchar(32) NOT NULL,
        "resolution_symbol" varchar(100) NOT NULL,
        "paragraph" varchar(60) NOT NULL,
        "title" text NOT NULL,
        "area" varchar(200),
        "adopted_on" date NOT NULL,
        "dependency" varchar(200),
        "officer" varchar(200),
        "closure_outcome" varchar(32),
        "last_sequence" integer NOT NULL,
        "registered_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "state" jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_mandates_status" ON "mandates" ("status")`);
    await queryRunner.query(`CREATE INDEX "IDX_mandates_body" ON "mandates" ("body")`);
    await queryRunner.query(`CREATE INDEX "IDX_mandates_dependency" ON "mandates" ("dependency")`);
    await queryRunner.query(`
      CREATE TABLE "mandate_events" (
        "mandate_id" varchar(200) NOT NULL,
        "sequence" integer NOT NULL,
        "type" varchar(64) NOT NULL,
        "actor" varchar(200) NOT NULL,
        "request_id" varchar(200) NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        "data" jsonb NOT NULL,
        PRIMARY KEY ("mandate_id", "sequence")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mandate_events"`);
    await queryRunner.query(`DROP TABLE "mandates"`);
  }
}
