import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failing', 'undeliverable'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One notification on one channel: what is to be sent, and how its delivery goes. */
@Entity({ name: 'notification_outbox' })
export class NotificationOutboxEntity {
  /** The notification's idempotency key (mandate, cycle, due date, step). */
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  channel!: string;

  @Index()
  @Column({ name: 'mandate_id', type: 'varchar', length: 200 })
  mandateId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'recipient_role', type: 'varchar', length: 32 })
  recipientRole!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
