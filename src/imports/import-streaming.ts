import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { fieldErrors } from '../common/validation';
import { ImportFile, ImportFileTooLarge, importFormatOf, MalformedImportFile } from './import-file';
import { type ImportEvent, type ImportMode, type ImportRowResult, ImportService } from './import.service';

const NDJSON = 'application/x-ndjson';

/** An import over HTTP: the body spooled to disk, the answer one JSON report or a stream of JSON lines. */
@Injectable()
export class ImportStreaming {
  constructor(private readonly imports: ImportService) {}

  async importRequest(req: Request, res: Response, mode: ImportMode, meta: CommandMeta, maxBytes: number) {
    const format = importFormatOf(req.headers['content-type']);
    if (!format) {
      throw new UnsupportedMediaTypeException(
        'send the file as text/csv, application/x-ndjson or application/json, in UTF-8',
      );
    }
    let file: ImportFile;
    try {
      file = await ImportFile.spool(req, format, maxBytes);
    } catch (err) {
      if (err instanceof ImportFileTooLarge) throw new PayloadTooLargeException(err.message);
      throw new BadRequestException('the file could not be read whole');
    }
    try {
      const events = this.imports.run(file, mode, meta);
      // The first pass reads the whole file: a malformed one is a 400 before any answer is written.
      const first = await next(events);
      if (req.headers.accept?.includes(NDJSON)) await streamLines(res, first, events);
      else await report(res, first, events);
    } finally {
      await file.remove();
    }
  }
}

async function next(events: AsyncGenerator<ImportEvent>): Promise<IteratorResult<ImportEvent>> {
  try {
    return await events.next();
  } catch (err) {
    if (err instanceof MalformedImportFile) throw fieldErrors([{ field: 'body', errors: [err.message] }], err.message);
    throw err;
  }
}

async function report(res: Response, first: IteratorResult<ImportEvent>, events: AsyncGenerator<ImportEvent>) {
  const rows: Omit<ImportRowResult, 'type'>[] = [];
  let summary: unknown;
  for (let result = first; !result.done; result = await events.next()) {
    const { type, ...event } = result.value;
    if (type === 'row') rows.push(event as Omit<ImportRowResult, 'type'>);
    if (type === 'summary') summary = event;
  }
  res.status(200).json({ summary, rows });
}

/** One JSON object a line, as each is decided; an error after the answer began is its last line. */
async function streamLines(res: Response, first: IteratorResult<ImportEvent>, events: AsyncGenerator<ImportEvent>) {
  res.status(200).setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    for (let result = first; !result.done; result = await events.next()) {
      if (!res.write(`${JSON.stringify(result.value)}\n`)) {
        await new Promise((resolve) => res.once('drain', resolve));
      }
    }
  } catch {
    res.write(`${JSON.stringify({ type: 'error', message: 'the import stopped; run it again to finish it' })}\n`);
  }
  res.end();
}
