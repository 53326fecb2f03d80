import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ServiceError } from '@temporalio/client';
import type { Repository } from 'typeorm';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import { MandateEventEntity } from '../database/mandate-event.entity';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { MandatesService } from '../mandates/mandates.service';
import { inScope, type ReadScope } from './policy';
import { MandateFacts } from './policy.guard';

/**
 * The policy's questions about a mandate, from the read model first: a workflow query waits for a worker, and a
 * command sent while none runs must wait in Temporal, not fail here. When the read model says no (it may not have
 * caught up with an assignment or a report just made), the mandate's workflow has the last word.
 */
@Injectable()
export class ReadModelMandateFacts extends MandateFacts {
  constructor(
    @InjectRepository(MandateViewEntity) private readonly views: Repository<MandateViewEntity>,
    @InjectRepository(MandateEventEntity) private readonly events: Repository<MandateEventEntity>,
    private readonly mandates: MandatesService,
  ) {
    super();
  }

  async withinScope(mandateId: string, scope: ReadScope): Promise<boolean> {
    // Plain SQL: on every scoped request, TypeORM's findOne cost twice the CPU of the query itself.
    const [row] = await this.views.query<{ dependency_id: string | null }[]>(
      'SELECT dependency_id FROM mandates WHERE id = $1',
      [mandateId],
    );
    if (row && inScope(scope, row.dependency_id ?? undefined)) return true;
    const state = await this.fromWorkflow(mandateId, () => this.mandates.state(mandateId));
    return inScope(scope, state.assignee?.dependencyId);
  }

  async submitterOf(mandateId: string, reportId: string): Promise<string | undefined> {
    const projected = await this.events
      .createQueryBuilder('e')
      .select('e.actor', 'actor')
      .where('e.mandate_id = :mandateId AND e.type = :type', { mandateId, type: 'ProgressReportSubmitted' })
      .andWhere(`e.data ->> 'reportId' = :reportId`, { reportId })
      .getRawOne<{ actor: string }>();
    if (projected) return projected.actor;
    const events = await this.fromWorkflow(mandateId, () => this.mandates.events(mandateId, 0));
    return events.find((e) => e.type === 'ProgressReportSubmitted' && e.data.reportId === reportId)?.actor;
  }

  private async fromWorkflow<T>(mandateId: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      throw new TemporarilyUnavailable(
        `access to mandate ${mandateId} cannot be checked now; retry in a few seconds`,
        5,
      );
    }
  }
}
