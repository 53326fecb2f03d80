import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A reporting cycle completed by an accepted report (projected from the events; see activities/reporting-cycles). */
@Entity({ name: 'reporting_cycles' })
export class ReportingCycleEntity {
  @PrimaryColumn({ name: 'mandate_id', type: 'varchar', length: 200 })
  mandateId!: string;

  /** The event that completed it. */
  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'integer' })
  cycle!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'report_id', type: 'varchar', length: 20 })
  reportId!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dependency!: string | null;

  @Column({ name: 'dependency_id', type: 'varchar', length: 40, nullable: true })
  dependencyId!: string | null;

  @Column({ name: 'on_time', type: 'boolean' })
  onTime!: boolean;
}
