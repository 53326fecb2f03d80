import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deadlines1764400000000 implements MigrationInterface {
  name = 'Deadlines1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mandates" ADD "next_due_on" date`);
    await queryRunner.query(`CREATE INDEX "IDX_mandates_next_due_on" ON "mandates" ("next_due_on")`);
    await queryRunner.query(`
      CREATE TABLE "notification_outbox" (
        "key" varchar(400) NOT NULL,
        "channel" varchar(16) NOT NULL,
        "mandate_id" varchar(200) NOT NULL,
        "kind" varchar(16) NOT NULL,
        "recipient_role" varchar(32) NOT NULL,
        "address" varchar(500),
        "subject" text NOT NULL,
        "payload" jsonb NOT NULL,
        "status" varchar(16) NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_attempt_at" timestamptz,
        "sent_at" timestamptz,
        PRIMARY KEY ("key", "channel")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_mandate" ON "notification_outbox" ("mandate_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_status" ON "notification_outbox" ("status")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_outbox"`);
    await queryRunner.query(`DROP INDEX "IDX_mandates_next_due_on"`);
    await queryRunner.query(`ALTER TABLE "mandates" DROP COLUMN "next_due_on"`);
  }
}
