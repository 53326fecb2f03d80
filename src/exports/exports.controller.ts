import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExportMandatesQuery } from './export-mandates.query';
import { RegisterExport } from './register-export';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: RegisterExport) {}

  /** The register with the list's filters, as CSV: a header row, UTF-8, formulas neutralised. */
  @Get('mandates.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, streamed' })
  csv(@Query() query: ExportMandatesQuery, @Res() res: Response): Promise<void> {
    return this.exports.csv(query, res);
  }

  /** The same as JSON Lines: one mandate per line. */
  @Get('mandates.jsonl')
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'JSON Lines, streamed' })
  jsonLines(@Query() query: ExportMandatesQuery, @Res() res: Response): Promise<void> {
    return this.exports.jsonLines(query, res);
  }
}
