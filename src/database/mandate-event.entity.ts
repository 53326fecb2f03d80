import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A copy of each domain event, keyed by mandate and sequence number, so the read model can answer by event. */
@Entity({ name: 'mandate_events' })
export class MandateEventEntity {
  @PrimaryColumn({ name: 'mandate_id', type: 'varchar', length: 200 })
  mandateId!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 500 })
  requestId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'jsonb' })
  data!: unknown;
}
