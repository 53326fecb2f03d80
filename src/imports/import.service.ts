import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { plainToInstance } from 'class-transformer';
import { validate as validateDto } from 'class-validator';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import type { CommandMeta } from '../../workflows/mandate/contract';
import {
  initialState,
  InvalidMandateCommand,
  MandateRuleViolation,
  type Registration,
} from '../../workflows/mandate/lifecycle';
import { validate } from '../../workflows/mandate/command-checks';
import { DEFAULT_NOTIFICATION_POLICY } from '../../workflows/mandate/deadlines';
import { mandateIdOf, paragraphReference, sessionOfSymbol, symbolYearDigits } from '../../workflows/mandate/resolution';
import type { FieldError } from '../common/validation';
import { RegisterMandateDto } from '../mandates/dto/register-mandate.dto';
import { MandateNotFound } from '../mandates/mandate-not-found.error';
import { MandatesService } from '../mandates/mandates.service';
import type { ImportFile } from './import-file';
import { readImportRow, UnnumberedOrdinals } from './import-record';
import { inParallel } from '../common/in-parallel';

export const IMPORT_MODES = ['dry-run', 'commit'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** What became of a row: `would_register` in a dry run is `registered` in a commit. */
export type ImportVerdict = 'would_register' | 'registered' | 'identical' | 'conflict' | 'invalid';

export interface ImportRowResult {
  type: 'row';
  row: number;
  verdict: ImportVerdict;
  mandateId?: string;
  resolutionSymbol?: string;
  paragraphReference?: string;
  /** invalid: each bad field and why. */
  fields?: FieldError[];
  /** conflict: each field where the file and the register differ. */
  differences?: { field: string; registered: unknown; file: unknown }[];
  /** What the import read into the row (an unnumbered paragraph's ordinal, a date derived from its session). */
  notes?: string[];
}

export interface ImportProgress {
  type: 'progress';
  rows: number;
  bytesRead: number;
  bytes: number;
}

export interface ImportSummary {
  type: 'summary';
  mode: ImportMode;
  rows: number;
  counts: Record<ImportVerdict, number>;
  durationMs: number;
}

export type ImportEvent = ImportRowResult | ImportProgress | ImportSummary;

/** Rows decided together: one read-model lookup and a few concurrent registrations per batch. */
const BATCH = 100;
const CONCURRENCY = 8;

/** The registration's fields as compared: a date derived from the session is not the file's own. */
function comparable(registration: Registration): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(registration)) as Record<string, unknown>;
  if (plain.adoptedOnBasis === 'session') {
    delete plain.adoptedOn;
    delete plain.adoptedOnBasis;
  }
  return plain;
}

function differences(registered: Registration, file: Registration): ImportRowResult['differences'] {
  const a = comparable(registered);
  const b = comparable(file);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((field) => !isDeepStrictEqual(a[field], b[field]))
    .sort()
    .map((field) => ({ field, registered: a[field] ?? null, file: b[field] ?? null }));
}

type SessionDate = { date: string; from: string };

/** What one import keeps while it reads its rows. */
interface ImportRun {
  mode: ImportMode;
  meta: CommandMeta;
  ordinals: UnnumberedOrdinals;
  /** Mandate id to the row that registers it: the same mandate twice in a file is refused. */
  seen: Map<string, number>;
  fileSessionDates: Map<string, string>;
  registerSessionDates: Map<string, SessionDate | undefined>;
}

interface Candidate {
  result: ImportRowResult;
  registration?: Registration;
}

/**
 * Imports a file of mandates. A dry run says for each row what a commit would do; a commit registers the rows
 * that are new. Each row's registration is one workflow start keyed by its natural key (the mandate id), so a
 * re-run of the same file registers what an interrupted one did not and finds the rest identical: no import is
 * ever left half applied that running it again cannot finish. The whole file is read once before anything is
 * registered, so a malformed file applies nothing.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly mandates: MandatesService,
  ) {}

  async *run(file: ImportFile, mode: ImportMode, meta: CommandMeta): AsyncGenerator<ImportEvent> {
    const started = Date.now();
    // First pass: the file is well-formed (a malformed one throws before anything is registered), and the dates
    // it records for each session.
    const run: ImportRun = {
      mode,
      meta,
      ordinals: new UnnumberedOrdinals(),
      seen: new Map(),
      fileSessionDates: await this.sessionDatesOf(file),
      registerSessionDates: new Map(),
    };
    const counts: Record<ImportVerdict, number> = {
      would_register: 0,
      registered: 0,
      identical: 0,
      conflict: 0,
      invalid: 0,
    };
    let bytesRead = 0;
    let rows = 0;
    let batch: Candidate[] = [];
    const flush = async () => {
      const decided = await this.decideBatch(batch, run);
      batch = [];
      for (const { result } of decided) counts[result.verdict]++;
      return decided.map((c) => c.result);
    };
    for await (const { row, record } of file.rows((b) => (bytesRead = b))) {
      rows = row;
      batch.push(await this.read(row, record, run));
      if (batch.length === BATCH) {
        yield* await flush();
        yield { type: 'progress', rows, bytesRead, bytes: file.bytes };
      }
    }
    yield* await flush();
    yield { type: 'progress', rows, bytesRead: file.bytes, bytes: file.bytes };
    yield { type: 'summary', mode, rows, counts, durationMs: Date.now() - started };
  }

  /** The adoption dates the file records, by session (the latest of each). */
  private async sessionDatesOf(file: ImportFile): Promise<Map<string, string>> {
    const dates = new Map<string, string>();
    for await (const { record } of file.rows()) {
      const reading = readImportRow(record, new UnnumberedOrdinals());
      if (!reading.ok || !reading.registration.adoptedOn) continue;
      const { resolutionSymbol, adoptedOn } = reading.registration;
      // A date in another year than its symbol's is an error of its own row; it dates nothing else.
      if (Number(adoptedOn.slice(2, 4)) !== symbolYearDigits(resolutionSymbol)) continue;
      const session = sessionOfSymbol(resolutionSymbol);
      if (session && (dates.get(session) ?? '') < adoptedOn) dates.set(session, adoptedOn);
    }
    return dates;
  }

  /** A row read, its date derived if need be, and checked by the registration's own rules. */
  private async read(row: number, record: Record<string, unknown>, run: ImportRun): Promise<Candidate> {
    const reading = readImportRow(record, run.ordinals);
    if (!reading.ok) return { result: { type: 'row', row, verdict: 'invalid', fields: reading.fields } };
    const registration = reading.registration;
    const notes = [...reading.notes];
    if (!registration.adoptedOn) {
      const derived = await this.sessionDate(registration.resolutionSymbol, run);
      if (derived) {
        registration.adoptedOn = derived.date;
        registration.adoptedOnBasis = 'session';
        notes.push(`adoptedOn ${derived.date} derived from ${derived.from} (the same session)`);
      } else {
        notes.push(`adoption date unknown: the year is the symbol's`);
      }
    }
    const fields = await this.problems(registration);
    const result: ImportRowResult = {
      type: 'row',
      row,
      verdict: 'invalid',
      resolutionSymbol: registration.resolutionSymbol,
      ...(fields.length === 0 && {
        mandateId: mandateIdOf(registration),
        paragraphReference: paragraphReference(registration),
      }),
      ...(notes.length > 0 && { notes }),
    };
    if (fields.length > 0) return { result: { ...result, fields } };
    const earlier = run.seen.get(result.mandateId!);
    if (earlier !== undefined) {
      return {
        result: {
          ...result,
          fields: [{ field: 'paragraph', errors: [`row ${earlier} of this file registers the same mandate`] }],
        },
      };
    }
    run.seen.set(result.mandateId!, row);
    return { result, registration };
  }

  /**
   * When the file lacks a date: the one its own rows, else the register, record for the same session (an Assembly
   * session's latest, where its resolutions were adopted over several days; a Council meeting is one day).
   */
  private async sessionDate(symbol: string, run: ImportRun): Promise<SessionDate | undefined> {
    const session = sessionOfSymbol(symbol);
    if (!session) return undefined;
    const inFile = run.fileSessionDates.get(session);
    if (inFile) return { date: inFile, from: `a resolution of ${session.slice(3)} in this file` };
    if (!run.registerSessionDates.has(session)) {
      run.registerSessionDates.set(session, await this.registerSessionDate(session));
    }
    return run.registerSessionDates.get(session);
  }

  private async registerSessionDate(session: string): Promise<SessionDate | undefined> {
    const [row] = await this.dataSource.query<{ adopted_on: string; resolution_symbol: string }[]>(
      `SELECT adopted_on::text AS adopted_on, resolution_symbol FROM mandates
       WHERE resolution_symbol LIKE $1 AND adopted_on IS NOT NULL AND adopted_on_basis IS DISTINCT FROM 'session'
       ORDER BY adopted_on DESC LIMIT 1`,
      [`${session.slice(0, 2)}/%(${session.slice(3)})%`],
    );
    return row && { date: row.adopted_on, from: row.resolution_symbol };
  }

  /** Every field the API would refuse (the DTO), then the decider's rules: the same words as a registration. */
  private async problems(registration: Registration): Promise<FieldError[]> {
    const errors = await validateDto(plainToInstance(RegisterMandateDto, registration), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    const fields = errors.flatMap((e) =>
      e.constraints ? [{ field: e.property, errors: Object.values(e.constraints) }] : [],
    );
    if (fields.length > 0) return fields;
    try {
      validate(
        initialState,
        { type: 'RegisterMandate', registration, notificationPolicy: DEFAULT_NOTIFICATION_POLICY },
        new Date(),
      );
    } catch (err) {
      if (err instanceof InvalidMandateCommand) return [{ field: err.field, errors: [err.message] }];
      if (err instanceof MandateRuleViolation) return [{ field: 'adoptedOn', errors: [err.message] }];
      throw err;
    }
    return [];
  }

  private async decideBatch(batch: Candidate[], { mode, meta }: ImportRun): Promise<Candidate[]> {
    const valid = batch.filter((c) => c.registration);
    const registered = await this.registeredIn(valid.map((c) => c.result.mandateId!));
    await inParallel(valid, CONCURRENCY, async (candidate) => {
      const id = candidate.result.mandateId!;
      const existing = registered.get(id) ?? (await this.registeredByTemporal(id));
      if (existing) return this.compare(candidate, existing);
      if (mode === 'dry-run') {
        candidate.result.verdict = 'would_register';
        return;
      }
      try {
        await this.mandates.registerRegistration(candidate.registration!, { ...meta, requestId: importRequestId(id) });
        candidate.result.verdict = 'registered';
      } catch (err) {
        // Registered meanwhile (another import, a person): compare with what stands.
        if (!(err instanceof MandateRuleViolation) || err.rule !== 'mandate-already-registered') throw err;
        const standing = await this.registeredByTemporal(id);
        if (!standing) throw err;
        this.compare(candidate, standing);
      }
    });
    return batch;
  }

  private compare(candidate: Candidate, registered: Registration): void {
    const found = differences(registered, candidate.registration!);
    if (found && found.length > 0) {
      candidate.result.verdict = 'conflict';
      candidate.result.differences = found;
    } else {
      candidate.result.verdict = 'identical';
    }
  }

  /** The registrations the read model holds for these ids. */
  private async registeredIn(ids: string[]): Promise<Map<string, Registration>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; registration: Registration }[]>(
      `SELECT id, state -> 'registration' AS registration FROM mandates WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.registration]));
  }

  /** A mandate registered too recently for the read model to show it yet: asked of its workflow. */
  private async registeredByTemporal(mandateId: string): Promise<Registration | undefined> {
    try {
      return (await this.mandates.registrationOf(mandateId))?.registration;
    } catch (err) {
      if (err instanceof MandateNotFound || err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}

/** The request id of a row's registration: the same mandate, the same request, whichever import sends it. */
function importRequestId(mandateId: string): string {
  return `import:${createHash('sha256').update(mandateId).digest('hex').slice(0, 32)}`;
}
