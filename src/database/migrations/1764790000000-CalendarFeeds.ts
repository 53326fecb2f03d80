import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret calendar feed URLs (calendar applications cannot sign in): one row per feed, its token stored as a
 * SHA-256 digest only, with the owner and the read scope it was made with; revoked, never deleted.
 */
export class CalendarFeeds1764790000000 implements MigrationInterface {
  name = 'CalendarFeeds1764790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_feeds" (
        "id" uuid PRIMARY KEY,
        "token_sha256" char(64) NOT NULL UNIQUE,
        "owner" varchar(200) NOT NULL,
        "owner_name" varchar(200),
        "scope" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL,
        "revoked_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_calendar_feeds_owner" ON "calendar_feeds" ("owner")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
  }
}
