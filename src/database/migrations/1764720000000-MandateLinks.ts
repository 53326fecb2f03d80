import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lineage, read side: each mandate's links (renewals, supersessions, mergers, splits), as its events record them. */
export class MandateLinks1764720000000 implements MigrationInterface {
  name = 'MandateLinks1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mandate_links" (
        "mandate_id" varchar(200) NOT NULL,
        "link_id" varchar(220) NOT NULL,
        "relation" varchar(32) NOT NULL,
        "other_mandate_id" varchar(200) NOT NULL,
        "reason" text NOT NULL,
        "sequence" integer NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        PRIMARY KEY ("mandate_id", "link_id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_mandate_links_other" ON "mandate_links" ("other_mandate_id")`);
    // Links recorded before this table: from the events the read model already holds.
    await queryRunner.query(`
      INSERT INTO "mandate_links" (mandate_id, link_id, relation, other_mandate_id, reason, sequence, recorded_at)
      SELECT mandate_id, data ->> 'linkId', data ->> 'relation', data ->> 'otherMandateId', data ->> 'reason',
             sequence, recorded_at
      FROM mandate_events WHERE type = 'MandateLinked'
      UNION ALL
      -- A closure as superseded is the closed mandate's side of the link its successor records.
      SELECT mandate_id, mandate_id || '#' || sequence, 'superseded_by', data ->> 'successorMandateId',
             data ->> 'reason', sequence, recorded_at
      FROM mandate_events
      WHERE type = 'MandateClosed' AND data ->> 'outcome' = 'superseded' AND data ? 'successorMandateId'
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mandate_links"`);
  }
}
