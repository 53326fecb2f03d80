import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { withinScope } from '../mandates/mandate-search';
import { ExportMandatesQuery } from './export-mandates.query';
import { RegisterExport } from './register-export';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: RegisterExport) {}

  /** The register with the list's filters, as CSV: a header row, UTF-8, formulas neutralised. */
  @Get('mandates.csv')
  @ApiOperation({ summary: "The register as CSV, with the list's filters" })
  @Allow('mandate:read')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, streamed' })
  csv(@Query() query: ExportMandatesQuery, @Scope() scope: ReadScope, @Res() res: Response): Promise<void> {
    return this.exports.csv(withinScope(query, scope), res);
  }

  /** The same as JSON Lines: one mandate per line. */
  @Get('mandates.jsonl')
  @ApiOperation({ summary: "The register as JSON Lines, with the list's filters" })
  @Allow('mandate:read')
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'JSON Lines, streamed' })
  jsonLines(@Query() query: ExportMandatesQuery, @Scope() scope: ReadScope, @Res() res: Response): Promise<void> {
    return this.exports.jsonLines(withinScope(query, scope), res);
  }
}
