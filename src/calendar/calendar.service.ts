import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, type Repository } from 'typeorm';
import { upcomingDueDates } from '../../workflows/mandate/deadlines';
import { paragraphReference } from '../../workflows/mandate/resolution';
import type { ReadScope } from '../auth/policy';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { type DueDateEvent, renderCalendar } from './icalendar';

/** How many cycles ahead the feed shows for a recurring schedule. */
const CYCLES_AHEAD = 3;

/** An iCalendar feed of open mandates' reporting due dates, from the read model. */
@Injectable()
export class CalendarService {
  constructor(@InjectRepository(MandateViewEntity) private readonly mandates: Repository<MandateViewEntity>) {}

  /** The due dates of the open mandates `scope` shows, of one dependency (by name) or all. */
  async feed(scope: ReadScope, dependency: string | undefined, now: Date): Promise<string> {
    const rows = await this.mandates.find({
      where: {
        nextDueOn: Not(IsNull()),
        ...(dependency ? { dependency } : {}),
        ...(scope.kind === 'dependencies' && { dependencyId: In(scope.dependencyIds) }),
      },
      order: { nextDueOn: 'ASC', id: 'ASC' },
    });
    const events = rows.flatMap((row): DueDateEvent[] => {
      const reporting = row.state.reporting;
      const current = reporting?.current;
      if (!reporting || !current) return [];
      const dates = [current.dueOn, ...upcomingDueDates(reporting.schedule, current.cycle + 1, CYCLES_AHEAD - 1)];
      const r = row.state.registration;
      return dates.map((date, i) => ({
        uid: `${row.id}-c${current.cycle + i}@mandate-tracker`,
        date,
        summary: `Progress report due: ${r.resolutionSymbol} ${paragraphReference(r)}`,
        description: [
          r.title ?? r.resolutionSymbol,
          row.state.assignee
            ? `Responsible: ${row.state.assignee.officer} (${row.state.assignee.dependency})`
            : 'Not assigned',
          `Mandate ${row.id}, reporting cycle ${current.cycle + i + 1}`,
        ].join('\n'),
        categories: row.dependency ?? undefined,
      }));
    });
    return renderCalendar(dependency ? `Reporting deadlines: ${dependency}` : 'Reporting deadlines', events, now);
  }
}
