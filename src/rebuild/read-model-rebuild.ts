import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Queryable, ReadModelWriter } from '../../activities/read-model-writer';
import { MANDATE_WORKFLOW_TYPE, type RecordedEvent } from '../../workflows/mandate/contract';
import type { MandateHistoryReader } from '../archive/mandate-history-reader';
import { domainEventsOf } from '../audit/history-events';
import { inParallel } from '../common/in-parallel';

/** The projections a rebuild replaces: everything the read model folds out of the histories, and nothing else. */
export const PROJECTION_TABLES = ['mandates', 'mandate_events', 'reporting_cycles', 'mandate_links'] as const;

const WORKFLOW_ID_PREFIX = 'mandate:';
const CONCURRENCY = 8;
/** How far behind its workflows' starts Temporal's visibility may list them. */
const VISIBILITY_LAG_MS = 5 * 60_000;

export interface RebuildProgress {
  phase: 'listing' | 'projecting' | 'indexing' | 'catching-up' | 'swapping' | 'done';
  mandates: number;
  projected: number;
  failed: { mandateId: string; error: string }[];
}

export interface RebuildReport extends RebuildProgress {
  durationMs: number;
  /** Mandates the live projection moved on while the rebuild ran, projected again before the swap. */
  caughtUp: number;
}

export interface MandateWorkflows {
  /** Every mandate of this deployment: its workflows in Temporal's visibility, and those only the archive keeps. */
  mandateIds(): Promise<string[]>;
}

/** This task queue's mandate workflows, listed with Temporal visibility, and the run archive's. */
export function mandateWorkflowsOf(client: Client, dataSource: DataSource, taskQueue: string): MandateWorkflows {
  if (/['"\\]/.test(taskQueue)) throw new Error(`task queue ${taskQueue} cannot be named in a visibility query`);
  return {
    async mandateIds() {
      const ids = new Set<string>();
      const query = `WorkflowType = '${MANDATE_WORKFLOW_TYPE}' AND TaskQueue = '${taskQueue}'`;
      for await (const run of client.workflow.list({ query, pageSize: 1000 })) {
        if (run.workflowId.startsWith(WORKFLOW_ID_PREFIX)) ids.add(run.workflowId.slice(WORKFLOW_ID_PREFIX.length));
      }
      // Runs that outlived Temporal's retention live on in the archive alone.
      const archived = await dataSource.query<{ workflow_id: string }[]>(
        `SELECT DISTINCT workflow_id FROM run_archive WHERE workflow_id LIKE 'mandate:%'`,
      );
      for (const { workflow_id } of archived) ids.add(workflow_id.slice(WORKFLOW_ID_PREFIX.length));
      return [...ids].sort();
    },
  };
}

/** A mandate's events, from its histories (every run, through the archive). */
export async function historyEvents(reader: MandateHistoryReader, mandateId: string): Promise<RecordedEvent[]> {
  return domainEventsOf(await reader.runs(mandateId)).map(({ runId: _run, historyEventId: _event, ...event }) => event);
}

/**
 * Rebuilds the read model's projections from the Temporal histories of every mandate workflow, into a fresh set of
 * tables in a schema of its own, then swaps them in for the old ones in one transaction. The API keeps serving the
 * old tables meanwhile (the swap waits a moment for the queries under way), and the live projection keeps writing
 * them: what it wrote during the rebuild is caught up from the histories, the last of it under a lock that holds
 * projections back for the few moments of the swap (they retry).
 */
export class ReadModelRebuild {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: MandateHistoryReader,
    private readonly workflows: MandateWorkflows,
  ) {}

  async rebuild(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildReport> {
    const started = Date.now();
    const schema = `read_model_rebuild_${randomBytes(4).toString('hex')}`;
    const progress: RebuildProgress = { phase: 'listing', mandates: 0, projected: 0, failed: [] };
    const report = () => onProgress({ ...progress, failed: [...progress.failed] });
    report();
    await this.createTables(schema);
    try {
      // Mandates registered after this may be missing from visibility's list: the catch-up looks for them.
      const since = new Date(Date.now() - VISIBILITY_LAG_MS);
      const ids = await this.workflows.mandateIds();
      progress.mandates = ids.length;
      progress.phase = 'projecting';
      report();
      const writer = new ReadModelWriter(schema);
      await inParallel(ids, CONCURRENCY, async (mandateId) => {
        try {
          await this.dataSource.transaction((tx) => this.project(tx, writer, schema, mandateId));
        } catch (err) {
          progress.failed.push({ mandateId, error: err instanceof Error ? err.message : String(err) });
        }
        progress.projected++;
        if (progress.projected % 50 === 0 || progress.projected === ids.length) report();
      });
      if (progress.failed.length > 0) {
        throw new RebuildFailed(progress.failed);
      }
      progress.phase = 'indexing';
      report();
      await this.copyIndexes(schema);
      progress.phase = 'catching-up';
      report();
      let caughtUp = await this.catchUp(writer, schema, since);
      progress.phase = 'swapping';
      report();
      caughtUp += await this.swap(writer, schema, since);
      progress.phase = 'done';
      report();
      return { ...progress, caughtUp, durationMs: Date.now() - started };
    } finally {
      await this.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  }

  /**
   * Empty copies of the projection tables: columns, defaults, generated columns, checks and primary keys (the
   * writes' ON CONFLICT needs them), by the live ones' names (names are per schema). Other indexes come after the load.
   */
  private async createTables(schema: string): Promise<void> {
    await this.dataSource.query(`CREATE SCHEMA "${schema}"`);
    for (const table of PROJECTION_TABLES) {
      await this.dataSource.query(
        `CREATE TABLE "${schema}"."${table}" (LIKE public."${table}"
           INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)`,
      );
      const constraints = await this.dataSource.query<{ name: string; definition: string }[]>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
         WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x')`,
        [`public."${table}"`],
      );
      for (const c of constraints) {
        await this.dataSource.query(`ALTER TABLE "${schema}"."${table}" ADD CONSTRAINT "${c.name}" ${c.definition}`);
      }
    }
  }

  /** The mandate's rows from scratch: every event of its histories, folded; whatever the schema held replaced. */
  private async project(q: Queryable, writer: ReadModelWriter, schema: string, mandateId: string): Promise<void> {
    const events = await historyEvents(this.reader, mandateId);
    for (const table of PROJECTION_TABLES) {
      await q.query(`DELETE FROM "${schema}"."${table}" WHERE ${table === 'mandates' ? 'id' : 'mandate_id'} = $1`, [
        mandateId,
      ]);
    }
    if (events.length > 0) await writer.apply(q, mandateId, undefined, events);
  }

  /** The live tables' other indexes, by the same names, built once the rows are in (faster than row by row). */
  private async copyIndexes(schema: string): Promise<void> {
    for (const table of PROJECTION_TABLES) {
      const indexes = await this.dataSource.query<{ definition: string }[]>(
        `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
         WHERE i.indrelid = $1::regclass
           AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
        [`public."${table}"`],
      );
      for (const { definition } of indexes) {
        const onTable = ` ON public.${table} `;
        const quoted = ` ON public."${table}" `;
        const target = ` ON "${schema}"."${table}" `;
        if (!definition.includes(onTable) && !definition.includes(quoted)) {
          throw new Error(`cannot place index on the rebuilt ${table}: ${definition}`);
        }
        await this.dataSource.query(definition.replace(onTable, target).replace(quoted, target));
      }
    }
  }

  /**
   * Mandates the live projection moved past the rebuilt row while the rebuild ran, and those registered meanwhile
   * (visibility lists a new workflow a moment late). Older rows with no workflow listed are not mandates of this
   * deployment any more: the rebuild drops them.
   */
  private async stale(q: Queryable, schema: string, since: Date): Promise<string[]> {
    const rows = (await q.query(
      `SELECT live.id FROM public.mandates live LEFT JOIN "${schema}".mandates rebuilt ON rebuilt.id = live.id
       WHERE live.last_sequence > rebuilt.last_sequence OR (rebuilt.id IS NULL AND live.registered_at >= $1)`,
      [since],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private async catchUp(writer: ReadModelWriter, schema: string, since: Date): Promise<number> {
    let total = 0;
    for (let round = 0; round < 3; round++) {
      const stale = await this.stale(this.dataSource, schema, since);
      if (stale.length === 0) break;
      total += stale.length;
      await inParallel(stale, CONCURRENCY, (id) =>
        this.dataSource.transaction((tx) => this.project(tx, writer, schema, id)),
      );
    }
    return total;
  }

  /**
   * In one transaction: writers held back, the last stale rows projected again, the old tables moved out of the way
   * and the new ones in. Readers see the old tables until the commit, and the new ones after.
   */
  private async swap(writer: ReadModelWriter, schema: string, since: Date): Promise<number> {
    const retired = `${schema}_retired`;
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '30s'`);
      await tx.query(
        `LOCK TABLE ${PROJECTION_TABLES.map((t) => `public."${t}"`).join(', ')} IN SHARE ROW EXCLUSIVE MODE`,
      );
      const stale = await this.stale(tx, schema, since);
      for (const id of stale) await this.project(tx, writer, schema, id);
      await tx.query(`CREATE SCHEMA "${retired}"`);
      for (const table of PROJECTION_TABLES) {
        await tx.query(`ALTER TABLE public."${table}" SET SCHEMA "${retired}"`);
        await tx.query(`ALTER TABLE "${schema}"."${table}" SET SCHEMA public`);
      }
      await tx.query(`DROP SCHEMA "${retired}" CASCADE`);
      return stale.length;
    });
  }
}

/** Mandates whose histories could not be read: the rebuild swaps nothing in rather than lose them. */
export class RebuildFailed extends Error {
  constructor(readonly failed: { mandateId: string; error: string }[]) {
    super(
      `${failed.length} mandates could not be rebuilt (the read model is unchanged): ` +
        failed
          .slice(0, 5)
          .map((f) => `${f.mandateId}: ${f.error}`)
          .join('; '),
    );
    this.name = 'RebuildFailed';
  }
}
