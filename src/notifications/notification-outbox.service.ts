import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, Raw, type Repository } from 'typeorm';
import type { ReadScope } from '../auth/policy';
import { NotificationOutboxEntity } from '../database/notification-outbox.entity';
import type { ListNotificationsQuery, OutboxEntryResponse, OutboxPageResponse } from './dto/outbox.dto';
import { disclosedDelivery } from './redaction';

function toEntry(row: NotificationOutboxEntity): OutboxEntryResponse {
  return disclosedDelivery({
    key: row.key,
    channel: row.channel,
    mandateId: row.mandateId,
    kind: row.kind,
    recipientRole: row.recipientRole,
    address: row.address ?? undefined,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError ?? undefined,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString(),
    sentAt: row.sentAt?.toISOString(),
  });
}

/** The notification outbox as the API shows it: what was sent, what is failing and why. */
@Injectable()
export class NotificationOutboxService {
  constructor(
    @InjectRepository(NotificationOutboxEntity) private readonly outbox: Repository<NotificationOutboxEntity>,
  ) {}

  /** Deliveries of the mandates `scope` shows (an officer: their dependency's), or of one mandate. */
  async list(query: ListNotificationsQuery, scope: ReadScope, mandateId?: string): Promise<OutboxPageResponse> {
    const where: FindOptionsWhere<NotificationOutboxEntity> = {};
    if (query.status) where.status = query.status;
    if (mandateId) where.mandateId = mandateId;
    else if (scope.kind === 'dependencies') {
      where.mandateId = Raw((column) => `${column} IN (SELECT id FROM mandates WHERE dependency_id = ANY(:ids))`, {
        ids: scope.dependencyIds,
      });
    }
    const [rows, total] = await this.outbox.findAndCount({
      where,
      order: { createdAt: 'DESC', key: 'ASC', channel: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: rows.map(toEntry), total, limit: query.limit, offset: query.offset };
  }
}
