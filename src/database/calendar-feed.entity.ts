import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ReadScope } from '../auth/policy';

/** A secret calendar feed URL: what its owner could read when they made it, until they revoke it. */
@Entity({ name: 'calendar_feeds' })
export class CalendarFeedEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** SHA-256 (hex) of the secret in the URL; the secret itself is shown once and never stored. */
  @Column({ name: 'token_sha256', type: 'char', length: 64, unique: true })
  tokenSha256!: string;

  @Index()
  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  @Column({ name: 'owner_name', type: 'varchar', length: 200, nullable: true })
  ownerName!: string | null;

  @Column({ type: 'jsonb' })
  scope!: ReadScope;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
