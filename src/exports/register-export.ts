import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { paragraphReference } from '../../workflows/mandate/resolution';
import type { MandateFilterQuery } from '../mandates/dto/list-mandates.query';
import { MandateListService } from '../mandates/mandate-list.service';
import { effectiveSort, type MandateSort, type MandateSummaryRow, SUMMARY_COLUMNS } from '../mandates/mandate-search';

/** Rows read from the read model at a time: each a keyset page, so the export holds one page in memory. */
const PAGE = 500;

const EXPORT_COLUMNS = `${SUMMARY_COLUMNS}, m.state -> 'registration' ->> 'text' AS text,
  m.state -> 'registration' ->> 'reportingRequirement' AS reporting_requirement,
  m.state -> 'registration' ->> 'sourceNote' AS source_note`;

type ExportRow = MandateSummaryRow & { text: string; reporting_requirement: string | null; source_note: string | null };

/** The register's columns in an export, in order: the import's names where it has them. */
export const EXPORT_HEADER = [
  'id',
  'status',
  'body',
  'resolutionSymbol',
  'paragraph',
  'section',
  'ordinal',
  'paragraphLabel',
  'paragraphReference',
  'adoptedOn',
  'adoptionYear',
  'adoptedOnBasis',
  'title',
  'text',
  'area',
  'reportingRequirement',
  'responsible',
  'responsibleDependencyId',
  'dependency',
  'dependencyId',
  'officer',
  'nextDueOn',
  'overdue',
  'closureOutcome',
  'confidence',
  'sourceUrl',
  'sourceDocument',
  'sourceNote',
  'updatedAt',
] as const;

function exported(row: ExportRow, today: string): Record<(typeof EXPORT_HEADER)[number], unknown> {
  return {
    id: row.id,
    status: row.status,
    body: row.body,
    resolutionSymbol: row.resolution_symbol,
    paragraph: row.paragraph,
    section: row.section,
    ordinal: row.ordinal,
    paragraphLabel: row.paragraph_label,
    paragraphReference: paragraphReference({
      paragraph: row.paragraph ?? undefined,
      section: row.section ?? undefined,
      ordinal: row.ordinal ?? undefined,
    }),
    adoptedOn: row.adopted_on,
    adoptionYear: row.adoption_year,
    adoptedOnBasis: row.adopted_on_basis,
    title: row.title,
    text: row.text,
    area: row.area,
    reportingRequirement: row.reporting_requirement,
    responsible: row.responsible,
    responsibleDependencyId: row.responsible_dependency_id,
    dependency: row.dependency,
    dependencyId: row.dependency_id,
    officer: row.officer,
    nextDueOn: row.next_due_on,
    overdue: !!row.next_due_on && row.next_due_on < today,
    closureOutcome: row.closure_outcome,
    confidence: row.confidence,
    sourceUrl: row.source_url,
    sourceDocument: row.source_document,
    sourceNote: row.source_note,
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A cell a spreadsheet could take for a formula (=, +, -, @, or a tab or carriage return first) gets a leading
 * apostrophe: it shows as text and runs nothing (OWASP's CSV injection advice).
 */
export function spreadsheetSafe(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The register, filtered, streamed as CSV (spreadsheet-safe) or JSON Lines, a keyset page at a time. */
@Injectable()
export class RegisterExport {
  constructor(@Inject(MandateListService) private readonly list: MandateListService) {}

  async csv(filters: MandateFilterQuery & { sort?: MandateSort }, res: Response): Promise<void> {
    // Before the first byte: once the answer has begun, a refusal can no longer be a 400.
    const sort = effectiveSort(filters.sort, filters.q);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="mandates.csv"');
    // The byte order mark tells spreadsheets the file is UTF-8 (accents in titles and names).
    await write(res, `\uFEFF${stringify([[...EXPORT_HEADER]], { record_delimiter: 'windows' })}`);
    await this.pages(filters, sort, res, (rows, today) =>
      stringify(
        rows.map((row) => {
          const values = exported(row, today);
          return EXPORT_HEADER.map((column) => spreadsheetSafe(values[column]));
        }),
        { record_delimiter: 'windows' },
      ),
    );
  }

  async jsonLines(filters: MandateFilterQuery & { sort?: MandateSort }, res: Response): Promise<void> {
    const sort = effectiveSort(filters.sort, filters.q);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="mandates.jsonl"');
    await this.pages(filters, sort, res, (rows, today) =>
      rows
        .map((row) => {
          const values = Object.entries(exported(row, today)).filter(([, v]) => v !== null && v !== undefined);
          return `${JSON.stringify(Object.fromEntries(values))}\n`;
        })
        .join(''),
    );
  }

  private async pages(
    filters: MandateFilterQuery,
    sort: MandateSort,
    res: Response,
    render: (rows: ExportRow[], today: string) => string,
  ): Promise<void> {
    const today = new Date().toISOString().slice(0, 10);
    let cursor: string | undefined;
    do {
      const page = await this.list.page<ExportRow>(EXPORT_COLUMNS, filters, sort, PAGE, cursor);
      if (page.rows.length > 0) await write(res, render(page.rows, today));
      cursor = page.nextCursor;
    } while (cursor !== undefined && !res.destroyed);
    res.end();
  }
}

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
}
