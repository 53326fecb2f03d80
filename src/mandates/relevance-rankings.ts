import { filterConditions, type MandateFilters } from './mandate-search';

/** A query's matches in relevance order: the rank (as PostgreSQL writes it) and the id. */
export interface Ranking {
  ranked: { id: string; rank: string }[];
  at: number;
}

/** What selects the matches (a request's page size and cursor do not). */
const FILTER_NAMES: (keyof MandateFilters)[] = [
  'q',
  'status',
  'body',
  'dependency',
  'dependencyId',
  'officer',
  'area',
  'resolution',
  'adoptedFrom',
  'adoptedTo',
  'dueWithin',
  'overdue',
  'inDependencies',
  'confidence',
];

/** How long a ranking serves the pages after the first, and how many are kept. */
const TTL_MS = 60_000;
const KEPT = 32;

/**
 * Relevance is a rank computed for every match, which no index orders: ranking thousands of matches again for each
 * page would cost each page what the first one cost. So the first page ranks every match once and the ranking serves
 * the pages after it for a minute (in this process; another API process, or a later page, ranks again: the same
 * order, by the same cursor). A mandate changed meanwhile keeps its place until then.
 */
export class RelevanceRankings {
  private readonly rankings = new Map<string, Ranking>();

  constructor(private readonly rank: (sql: string, params: unknown[]) => Promise<{ id: string; rank: string }[]>) {}

  async ranking(filters: MandateFilters, fresh: boolean): Promise<Ranking> {
    const key = JSON.stringify(FILTER_NAMES.map((name) => filters[name] ?? null));
    const kept = this.rankings.get(key);
    if (!fresh && kept && Date.now() - kept.at < TTL_MS) return kept;
    const sql = filterConditions(filters);
    const q = sql.q(filters.q ?? '');
    const ranked = await this.rank(
      `SELECT m.id, ts_rank(m.search, public.mandate_search_query(${q}))::text AS rank FROM mandates m ${sql.where}
       ORDER BY ts_rank(m.search, public.mandate_search_query(${q})) DESC, m.id DESC`,
      sql.params,
    );
    const ranking = { ranked, at: Date.now() };
    this.rankings.delete(key);
    this.rankings.set(key, ranking);
    while (this.rankings.size > KEPT) this.rankings.delete(this.rankings.keys().next().value as string);
    return ranking;
  }
}
