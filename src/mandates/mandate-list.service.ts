import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, In, IsNull, LessThan, MoreThanOrEqual, Or, type Repository } from 'typeorm';
import type { ReadScope } from '../auth/policy';
import { MandateViewEntity } from '../database/mandate-view.entity';
import type { ListMandatesQuery } from './dto/list-mandates.query';

/** Lists and filters mandates from the PostgreSQL read model (eventually consistent with the workflows). */
@Injectable()
export class MandateListService {
  constructor(@InjectRepository(MandateViewEntity) private readonly mandates: Repository<MandateViewEntity>) {}

  /** The mandates `scope` shows (an officer: their dependency's), filtered by the query. */
  async list(query: ListMandatesQuery, scope: ReadScope): Promise<{ rows: MandateViewEntity[]; total: number }> {
    const where: FindOptionsWhere<MandateViewEntity> = {};
    if (scope.kind === 'dependencies') where.dependencyId = In(scope.dependencyIds);
    if (query.status) where.status = query.status;
    if (query.body) where.body = query.body;
    if (query.dependency) where.dependency = query.dependency;
    const today = new Date().toISOString().slice(0, 10);
    if (query.overdue === true) where.nextDueOn = LessThan(today);
    if (query.overdue === false) where.nextDueOn = Or(IsNull(), MoreThanOrEqual(today));
    const [rows, total] = await this.mandates.findAndCount({
      where,
      order: { adoptedOn: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { rows, total };
  }
}
