import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MandateStateView } from '../../workflows/mandate/contract';
import { isDatabaseUnavailable } from '../database/database-errors';
import type { ReadConsistency } from './dto/read-mandate.query';
import { MandatesService } from './mandates.service';

export interface MandateReadOptions {
  minSequence?: number;
  consistency?: ReadConsistency;
}

/**
 * A mandate's state for reading: the read model's row when it is fresh enough (one indexed lookup, no worker
 * involved), else its workflow's query. The row holds the very state the workflow answers, folded by the projection
 * with the workflow's own `evolve`, and the sequence of the last event it reflects.
 */
@Injectable()
export class MandateReader {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly mandates: MandatesService,
  ) {}

  async read(mandateId: string, { minSequence = 0, consistency = 'eventual' }: MandateReadOptions = {}) {
    if (consistency === 'eventual') {
      const row = await this.row(mandateId);
      // No row yet (registered moments ago, or a read model being rebuilt) or behind: the workflow has it.
      if (row && row.lastSequence >= minSequence) return row;
    }
    return this.mandates.state(mandateId);
  }

  private async row(mandateId: string): Promise<MandateStateView | undefined> {
    try {
      const [row] = await this.dataSource.query<{ state: MandateStateView }[]>(
        `SELECT state FROM mandates WHERE id = $1`,
        [mandateId],
      );
      return row?.state;
    } catch (err) {
      // The read model is a projection: while its database is away, the event store still answers.
      if (isDatabaseUnavailable(err)) return undefined;
      throw err;
    }
  }
}
