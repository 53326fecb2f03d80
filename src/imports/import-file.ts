/**
 * An import file, spooled to disk as it arrives (any size, constant memory), then read row by row as often as
 * the import needs: CSV with a header, JSON Lines, or JSON (the sample's `{ "entries": [...] }`, or an array).
 */
import { parse as parseCsv } from 'csv-parse';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chain } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import { isImportColumn } from './import-record';

export const IMPORT_FORMATS = ['csv', 'jsonl', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The file's format from its Content-Type, or undefined when it is none an import reads. */
export function importFormatOf(contentType: string | undefined): ImportFormat | undefined {
  const [type, ...parameters] = (contentType ?? '').toLowerCase().split(';');
  const charset = parameters.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  if (charset && !['charset=utf-8', 'charset=utf8'].includes(charset)) return undefined;
  switch (type.trim()) {
    case 'text/csv':
      return 'csv';
    case 'application/x-ndjson':
    case 'application/jsonl':
    case 'application/json-lines':
      return 'jsonl';
    case 'application/json':
      return 'json';
    default:
      return undefined;
  }
}

/** A file that is not what its format says: where, and what is wrong (the import applies nothing then). */
export class MalformedImportFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedImportFile';
  }
}

export class ImportFileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'ImportFileTooLarge';
  }
}

export interface ImportRow {
  /** 1-based, in file order (a CSV's header is not a row). */
  row: number;
  record: Record<string, unknown>;
}

export class ImportFile {
  private constructor(
    readonly path: string,
    readonly format: ImportFormat,
    readonly bytes: number,
    private readonly folder: string,
  ) {}

  /** Writes `body` to a temporary file, refusing more than `maxBytes`. */
  static async spool(body: Readable, format: ImportFormat, maxBytes: number): Promise<ImportFile> {
    const folder = await mkdtemp(join(tmpdir(), 'mandate-import-'));
    const path = join(folder, `import.${format}`);
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > maxBytes ? new ImportFileTooLarge(maxBytes) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path, { mode: 0o600 }));
    } catch (err) {
      await rm(folder, { recursive: true, force: true });
      throw err;
    }
    return new ImportFile(path, format, bytes, folder);
  }

  /** A file already on disk (the command line's, or a test's). */
  static async at(path: string, format: ImportFormat): Promise<ImportFile> {
    return new ImportFile(path, format, (await stat(path)).size, '');
  }

  async remove(): Promise<void> {
    if (this.folder) await rm(this.folder, { recursive: true, force: true });
  }

  /** The rows, in order; `onBytes` hears how far into the file reading has come. */
  async *rows(onBytes: (bytes: number) => void = () => undefined): AsyncGenerator<ImportRow> {
    const first = this.format === 'json' ? await this.firstCharacter() : '';
    let bytes = 0;
    const source = createReadStream(this.path).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          onBytes((bytes += chunk.length));
          done(null, chunk);
        },
      }),
    );
    switch (this.format) {
      case 'csv':
        yield* csvRows(source);
        return;
      case 'jsonl':
        yield* jsonLinesRows(source);
        return;
      case 'json':
        yield* jsonRows(source, first);
        return;
    }
  }

  private async firstCharacter(): Promise<string> {
    const handle = await open(this.path);
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
      return (
        buffer
          .subarray(0, bytesRead)
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .trimStart()[0] ?? ''
      );
    } finally {
      await handle.close();
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function* csvRows(source: Readable): AsyncGenerator<ImportRow> {
  const records = source.pipe(
    parseCsv({
      bom: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const unknown = names.filter((name) => !isImportColumn(name));
        if (unknown.length > 0) {
          throw new MalformedImportFile(`the CSV header names columns an import does not take: ${unknown.join(', ')}`);
        }
        return names;
      },
    }),
  );
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<Record<string, string>>) {
      yield { row: ++row, record };
    }
  } catch (err) {
    if (err instanceof MalformedImportFile) throw err;
    throw new MalformedImportFile(`the file is not valid CSV after row ${row}: ${(err as Error).message}`);
  }
}

async function* jsonLinesRows(source: Readable): AsyncGenerator<ImportRow> {
  let line = 0;
  let row = 0;
  for await (const text of createInterface({ input: source, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new MalformedImportFile(`line ${line} is not valid JSON`);
    }
    if (!isRecord(record)) throw new MalformedImportFile(`line ${line} is not a JSON object`);
    yield { row: ++row, record };
  }
}

async function* jsonRows(source: Readable, first: string): AsyncGenerator<ImportRow> {
  if (first !== '[' && first !== '{') {
    throw new MalformedImportFile('the file is not JSON: an array of entries, or an object with "entries"');
  }
  const stages = first === '[' ? [parser(), streamArray()] : [parser(), pick({ filter: 'entries' }), streamArray()];
  const entries = chain([source, ...stages]);
  let row = 0;
  try {
    for await (const { value } of entries as AsyncIterable<{ key: number; value: unknown }>) {
      row++;
      if (!isRecord(value)) throw new MalformedImportFile(`entry ${row} is not a JSON object`);
      yield { row, record: value };
    }
  } catch (err) {
    if (err instanceof MalformedImportFile) throw err;
    throw new MalformedImportFile(`the file is not valid JSON after entry ${row}: ${(err as Error).message}`);
  }
  if (row === 0 && first === '{') {
    throw new MalformedImportFile('the JSON object holds no rows: they go in its "entries" array');
  }
}
