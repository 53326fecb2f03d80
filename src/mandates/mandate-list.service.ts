import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListMandatesQuery, MandateFilterQuery } from './dto/list-mandates.query';
import { RelevanceRankings } from './relevance-rankings';
import {
  type Cursor,
  decodeCursor,
  effectiveSort,
  encodeCursor,
  filterConditions,
  type MandateSort,
  type MandateSummaryRow,
  pageStatement,
  SUMMARY_COLUMNS,
} from './mandate-search';

/** Up to this many matches, a first page's total is counted; beyond, estimated. */
const EXACT_UP_TO = 1000;

export interface MandateTotal {
  value: number;
  exact: boolean;
}

export interface MandatePage<Row> {
  rows: Row[];
  nextCursor?: string;
}

/**
 * Lists, searches and counts mandates from the PostgreSQL read model (eventually consistent with the workflows),
 * a page at a time by keyset: no page costs more than the one before it, and none counts the whole register.
 */
@Injectable()
export class MandateListService {
  private readonly rankings = new RelevanceRankings((sql, params) => this.withoutParallelScans(sql, params));

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(query: ListMandatesQuery): Promise<MandatePage<MandateSummaryRow> & { total?: MandateTotal }> {
    const sort = effectiveSort(query.sort, query.q);
    const page = await this.page<MandateSummaryRow>(SUMMARY_COLUMNS, query, sort, query.limit, query.cursor);
    return query.cursor === undefined ? { ...page, total: await this.total(query) } : page;
  }

  /**
   * The first page's total: counted when the filters match at most EXACT_UP_TO mandates (a bounded scan), else the
   * planner's estimate. An exact count of a large set is GET /mandates/count's job, asked for separately.
   */
  async total(filters: MandateFilterQuery): Promise<MandateTotal> {
    const sql = filterConditions(filters);
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM (SELECT 1 FROM mandates m ${sql.where} LIMIT ${EXACT_UP_TO + 1}) s`,
      sql.params,
    );
    const bounded = Number(row.count);
    if (bounded <= EXACT_UP_TO) return { value: bounded, exact: true };
    return { value: Math.max(EXACT_UP_TO + 1, Math.round(await this.estimate(filters))), exact: false };
  }

  /** One page of `columns`, and the cursor of the next one if there is more. */
  async page<Row extends { id: string }>(
    columns: string,
    filters: MandateFilterQuery,
    sort: MandateSort,
    limit: number,
    cursorText?: string,
  ): Promise<MandatePage<Row>> {
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText, sort);
    let rows: (Row & { sort_key: string })[];
    if (sort === 'relevance') {
      rows = await this.rankedRows<Row>(columns, filters, limit, cursor);
    } else {
      const { sql, params } = pageStatement(columns, filters, sort, limit, cursor);
      rows = await this.withoutParallelScans<Row & { sort_key: string }>(sql, params);
    }
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map(({ sort_key: _key, ...row }) => row as unknown as Row),
      ...(more && last && { nextCursor: encodeCursor({ sort, key: last.sort_key, id: last.id }) }),
    };
  }

  /** A page by relevance: the next rows of the query's ranking (see RelevanceRankings), read by id. */
  private async rankedRows<Row extends { id: string }>(
    columns: string,
    filters: MandateFilterQuery,
    limit: number,
    cursor?: Cursor,
  ): Promise<(Row & { sort_key: string })[]> {
    let ranking = await this.rankings.ranking(filters, cursor === undefined);
    let after = cursor ? ranking.ranked.findIndex((r) => r.id === cursor.id && r.rank === cursor.key) : -1;
    if (cursor && after < 0) {
      // Ranked anew since (the cursor's mandate changed, or another process ranked): its place in the new ranking.
      ranking = await this.rankings.ranking(filters, true);
      after = ranking.ranked.findIndex((r) => r.id === cursor.id);
      if (after < 0) after = ranking.ranked.findIndex((r) => Number(r.rank) < Number(cursor.key)) - 1;
      if (after < -1) return [];
    }
    const next = ranking.ranked.slice(after + 1, after + 2 + limit);
    if (next.length === 0) return [];
    const rows = await this.dataSource.query<Row[]>(`SELECT ${columns} FROM mandates m WHERE m.id = ANY($1)`, [
      next.map((r) => r.id),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return next.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ ...row, sort_key: r.rank }] : [];
    });
  }

  /** A page is a few index reads: a parallel scan's start-up costs more than it saves. */
  private withoutParallelScans<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      return tx.query<T[]>(sql, params);
    });
  }

  /** How many mandates the filters match, counted: asked for separately, never with each page. */
  async count(filters: MandateFilterQuery): Promise<number> {
    const sql = filterConditions(filters);
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM mandates m ${sql.where}`,
      sql.params,
    );
    return Number(row.count);
  }

  /** The planner's estimate of how many rows the filters match: no scan. */
  async estimate(filters: MandateFilterQuery): Promise<number> {
    const sql = filterConditions(filters);
    const [row] = await this.dataSource.query<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM mandates m ${sql.where}`,
      sql.params,
    );
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }
}
