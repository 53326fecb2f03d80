import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MandateStateView } from '../../workflows/mandate/contract';

/** One row per mandate: the read model's projection of the mandate's latest state, for lists and search. */
@Entity({ name: 'mandates' })
export class MandateViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  body!: string;

  @Column({ name: 'resolution_symbol', type: 'varchar', length: 100 })
  resolutionSymbol!: string;

  @Column({ type: 'varchar', length: 60 })
  paragraph!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  area!: string | null;

  @Column({ name: 'adopted_on', type: 'date' })
  adoptedOn!: string;

  @Index()
  @Column({ type: 'varchar', length: 200, nullable: true })
  dependency!: string | null;

  /** The assigned dependency's stable identifier (absent for assignments made before identifiers). */
  @Index()
  @Column({ name: 'dependency_id', type: 'varchar', length: 40, nullable: true })
  dependencyId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  officer!: string | null;

  @Column({ name: 'closure_outcome', type: 'varchar', length: 32, nullable: true })
  closureOutcome!: string | null;

  /** The running reporting cycle's due date, extensions included; null when nothing is due. */
  @Index()
  @Column({ name: 'next_due_on', type: 'date', nullable: true })
  nextDueOn!: string | null;

  /** Projection guard: a row only moves forward, so retried or replayed batches never roll it back. */
  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'jsonb' })
  state!: MandateStateView;
}
