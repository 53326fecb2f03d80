import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from './page.query';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../database/notification-outbox.entity';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: OUTBOX_STATUSES,
    description: 'failing: deliveries that keep failing, retried with backoff',
  })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES, { message: `status must be one of: ${OUTBOX_STATUSES.join(', ')}` })
  status?: OutboxStatus;
}

export class OutboxEntryResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['email', 'webhook'] }) channel!: string;
  @ApiProperty() mandateId!: string;
  @ApiProperty({ enum: ['reminder', 'escalation'] }) kind!: string;
  @ApiProperty({ enum: ['officer', 'dependency_head', 'secretary'] }) recipientRole!: string;
  @ApiPropertyOptional() address?: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) lastAttemptAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
}

export class OutboxPageResponse {
  @ApiProperty({ type: [OutboxEntryResponse] }) items!: OutboxEntryResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
