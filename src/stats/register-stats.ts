import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MandateFilterQuery } from '../mandates/dto/list-mandates.query';
import { filterConditions } from '../mandates/mandate-search';
import type { RegisterStatsResponse } from './stats.response';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The dashboard's figures over the read model, for the mandates the filters select: counts by status, body and
 * dependency; how long overdue reports have been waiting; what falls due soon; and per dependency, the share of
 * reporting cycles reported on time (from the completed cycles projected out of the events, and the cycles now
 * overdue, which can no longer be).
 */
@Injectable()
export class RegisterStats {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async stats(filters: MandateFilterQuery): Promise<RegisterStatsResponse> {
    const day = today();
    const sql = filterConditions(filters, day);
    const where = sql.where;
    // Today as one more parameter, for the queries that use it (PostgreSQL refuses a parameter left unused).
    const on = `$${sql.params.length + 1}`;
    const withDay = [...sql.params, day];
    const [totals] = await this.dataSource.query<Record<string, string>[]>(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE m.next_due_on < ${on}::date) AS overdue,
              count(*) FILTER (WHERE ${on}::date - m.next_due_on BETWEEN 1 AND 30) AS age_30,
              count(*) FILTER (WHERE ${on}::date - m.next_due_on BETWEEN 31 AND 90) AS age_90,
              count(*) FILTER (WHERE ${on}::date - m.next_due_on BETWEEN 91 AND 365) AS age_365,
              count(*) FILTER (WHERE ${on}::date - m.next_due_on > 365) AS age_more,
              count(*) FILTER (WHERE m.next_due_on BETWEEN ${on}::date AND ${on}::date + 30) AS due_30,
              count(*) FILTER (WHERE m.next_due_on BETWEEN ${on}::date AND ${on}::date + 90) AS due_90
       FROM mandates m ${where}`,
      withDay,
    );
    const grouped = async (column: string) =>
      Object.fromEntries(
        (
          await this.dataSource.query<{ key: string; count: string }[]>(
            `SELECT ${column} AS key, count(*) AS count FROM mandates m ${where} GROUP BY 1 ORDER BY 1`,
            sql.params,
          )
        ).map((r) => [r.key, Number(r.count)]),
      );
    const byDependency = await this.dataSource.query<
      { dependency_id: string | null; dependency: string | null; count: string }[]
    >(
      `SELECT m.dependency_id, m.dependency, count(*) AS count FROM mandates m ${where}
       GROUP BY 1, 2 ORDER BY 3 DESC, 2 NULLS LAST`,
      sql.params,
    );
    // Cycles by the dependency that held the mandate when each was reported, overdue ones by today's holder.
    const onTime = await this.dataSource.query<
      { dependency_id: string | null; dependency: string | null; cycles: string; on_time: string; overdue: string }[]
    >(
      `WITH selected AS (SELECT m.id, m.dependency_id, m.dependency, m.next_due_on FROM mandates m ${where}),
            cycles AS (
              SELECT c.dependency_id, c.dependency, count(*) AS cycles, count(*) FILTER (WHERE c.on_time) AS on_time,
                     0 AS overdue
              FROM reporting_cycles c JOIN selected s ON s.id = c.mandate_id GROUP BY 1, 2
              UNION ALL
              SELECT s.dependency_id, s.dependency, 0, 0, count(*) FROM selected s
              WHERE s.next_due_on < ${on}::date AND s.dependency IS NOT NULL GROUP BY 1, 2)
       SELECT dependency_id, dependency, sum(cycles) AS cycles, sum(on_time) AS on_time, sum(overdue) AS overdue
       FROM cycles GROUP BY 1, 2 ORDER BY 2`,
      withDay,
    );
    const n = (key: string) => Number(totals[key]);
    return {
      total: n('total'),
      byStatus: await grouped('m.status'),
      byBody: await grouped('m.body'),
      byDependency: byDependency.map((r) => ({
        dependencyId: r.dependency_id ?? undefined,
        dependency: r.dependency ?? undefined,
        count: Number(r.count),
      })),
      overdue: {
        total: n('overdue'),
        ageing: { '0-30': n('age_30'), '31-90': n('age_90'), '91-365': n('age_365'), '>365': n('age_more') },
      },
      dueWithin: { '30': n('due_30'), '90': n('due_90') },
      reportingOnTime: onTime.map((r) => {
        const reported = Number(r.cycles);
        const due = reported + Number(r.overdue);
        return {
          dependencyId: r.dependency_id ?? undefined,
          dependency: r.dependency ?? undefined,
          cyclesDue: due,
          reportedOnTime: Number(r.on_time),
          reportedLate: reported - Number(r.on_time),
          overdueNow: Number(r.overdue),
          share: due === 0 ? null : Number(r.on_time) / due,
        };
      }),
      asOf: day,
    };
  }
}
