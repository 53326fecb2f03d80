import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mandates assigned to a dependency by its stable identifier, which officers' access and lists match on; and room
 * for every request id the workflow records (its own are longer than a client's), so no event can fail to project.
 */
export class DependencyId1764600000000 implements MigrationInterface {
  name = 'DependencyId1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mandates" ADD "dependency_id" varchar(40)`);
    await queryRunner.query(`CREATE INDEX "IDX_mandates_dependency_id" ON "mandates" ("dependency_id")`);
    await queryRunner.query(`ALTER TABLE "mandate_events" ALTER COLUMN "request_id" TYPE varchar(500)`);
    await queryRunner.query(
      `UPDATE "mandates" SET "dependency_id" = "state" -> 'assignee' ->> 'dependencyId' WHERE "state" -> 'assignee' ? 'dependencyId'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mandate_events" ALTER COLUMN "request_id" TYPE varchar(200)`);
    await queryRunner.query(`DROP INDEX "IDX_mandates_dependency_id"`);
    await queryRunner.query(`ALTER TABLE "mandates" DROP COLUMN "dependency_id"`);
  }
}
