/**
 * One row of an import file, read into a registration: the register's own field names, or the sample data's
 * (`resolution`, `adopted`, `mandate`, `reporting`, `source`, `note`); paragraphs as sources write them; an
 * unnumbered paragraph numbered by its order among the resolution's unnumbered rows in the file. Pure code.
 */
import { OPTIONAL_REGISTRATION_TEXT } from '../../workflows/mandate/command-input';
import type { Registration } from '../../workflows/mandate/lifecycle';
import { bodyOfSymbol, readParagraph } from '../../workflows/mandate/resolution';
import type { FieldError } from '../common/validation';

/** The columns an import takes: a CSV's header, a JSON entry's keys (the registration's own fields). */
export const IMPORT_COLUMNS = ['body', 'resolutionSymbol', 'text', 'ordinal', ...OPTIONAL_REGISTRATION_TEXT] as const;
/** Taken as written; the paragraph's fields are read together. */
const PLAIN_COLUMNS = OPTIONAL_REGISTRATION_TEXT.filter((c) => !['paragraph', 'section', 'paragraphLabel'].includes(c));
type Column = (typeof IMPORT_COLUMNS)[number];

/** The sample data's names (shared/data/oas-mandates.json) for the register's columns. */
export const IMPORT_ALIASES: Record<string, Column | 'source'> = {
  resolution: 'resolutionSymbol',
  adopted: 'adoptedOn',
  mandate: 'text',
  reporting: 'reportingRequirement',
  note: 'sourceNote',
  // A link goes to sourceUrl, anything else (a document symbol) to sourceDocument.
  source: 'source',
};

/** JSON rows may also carry a reporting schedule, as the API takes it. */
const JSON_ONLY = ['reportingSchedule'];

export function isImportColumn(name: string): boolean {
  return (IMPORT_COLUMNS as readonly string[]).includes(name) || name in IMPORT_ALIASES || JSON_ONLY.includes(name);
}

/** Numbers unnumbered paragraphs per resolution, in the order the file lists them. */
export class UnnumberedOrdinals {
  private readonly counts = new Map<string, number>();

  next(resolutionSymbol: string): number {
    const ordinal = (this.counts.get(resolutionSymbol) ?? 0) + 1;
    this.counts.set(resolutionSymbol, ordinal);
    return ordinal;
  }
}

export type RowReading =
  { ok: true; registration: Registration; notes: string[] } | { ok: false; fields: FieldError[] };

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim() === '' ? undefined : value.trim();
}

/** Reads a row. Field values are checked afterwards by the registration's own rules (DTO and decider). */
export function readImportRow(record: Record<string, unknown>, ordinals: UnnumberedOrdinals): RowReading {
  const fields: FieldError[] = [];
  const problem = (field: string, message: string) => fields.push({ field, errors: [message] });
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(record)) {
    if (!isImportColumn(key)) {
      problem(key, `${key} is not a column an import takes`);
      continue;
    }
    const column = IMPORT_ALIASES[key] ?? key;
    if (isEmpty(values.get(column))) values.set(column, value);
    else if (!isEmpty(value)) problem(key, `${key} repeats ${column}`);
  }
  const get = (column: string) => text(values.get(column));
  const notes: string[] = [];

  const resolutionSymbol = get('resolutionSymbol');
  if (!resolutionSymbol) problem('resolutionSymbol', 'resolutionSymbol is required');
  const body = get('body') ?? (resolutionSymbol && bodyOfSymbol(resolutionSymbol));
  if (!body && resolutionSymbol) {
    problem('resolutionSymbol', `resolutionSymbol "${resolutionSymbol}" is not a resolution or declaration symbol`);
  }
  const registration: Record<string, unknown> = { body, resolutionSymbol, text: get('text') };

  const paragraph = get('paragraph');
  const section = get('section');
  const paragraphLabel = get('paragraphLabel');
  const ordinal = values.get('ordinal');
  if (paragraph !== undefined && (section !== undefined || paragraphLabel !== undefined)) {
    // Given field by field: taken as written.
    Object.assign(registration, { paragraph, section, paragraphLabel });
  } else if (paragraph !== undefined) {
    const reading = readParagraph(paragraph);
    if (!reading) {
      problem(
        'paragraph',
        `paragraph "${paragraph.slice(0, 80)}" is not one this import reads (3, 12.b, 4 and 5, ` +
          '1 (MISPA section; …)): give paragraph, section and paragraphLabel separately',
      );
    } else {
      Object.assign(registration, reading);
    }
  } else if (!isEmpty(ordinal)) {
    registration.ordinal = typeof ordinal === 'string' && /^\d+$/.test(ordinal.trim()) ? Number(ordinal) : ordinal;
  } else if (resolutionSymbol) {
    registration.ordinal = ordinals.next(resolutionSymbol);
    notes.push(`unnumbered: paragraph ${String(registration.ordinal)} without a number in ${resolutionSymbol}`);
  }

  for (const column of PLAIN_COLUMNS) {
    const value = get(column);
    if (value !== undefined) registration[column] = value;
  }
  const source = get('source');
  if (source !== undefined) {
    const column = /^https?:\/\//i.test(source) ? 'sourceUrl' : 'sourceDocument';
    if (registration[column] !== undefined) problem('source', `source repeats ${column}`);
    registration[column] = source;
  }
  const schedule = values.get('reportingSchedule');
  if (!isEmpty(schedule)) registration.reportingSchedule = schedule;

  if (fields.length > 0) return { ok: false, fields };
  for (const key of Object.keys(registration)) if (registration[key] === undefined) delete registration[key];
  return { ok: true, registration: registration as unknown as Registration, notes };
}
