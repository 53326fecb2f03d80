import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListMandatesQuery, MandateFilterQuery } from './dto/list-mandates.query';
import {
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
    const { sql, params } = pageStatement(columns, filters, sort, limit, cursor);
    const rows = await this.dataSource.query<(Row & { sort_key: string })[]>(sql, params);
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map(({ sort_key: _key, ...row }) => row as unknown as Row),
      ...(more && last && { nextCursor: encodeCursor({ sort, key: last.sort_key, id: last.id }) }),
    };
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
