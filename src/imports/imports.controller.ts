import { Controller, HttpCode, HttpStatus, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { Allow } from '../auth/decorators';
import { AppConfig } from '../config/app-config';
import { Command } from '../mandates/command-meta.decorator';
import { ImportQuery, ImportReportResponse } from './dto/import.query';
import { ImportStreaming } from './import-streaming';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportStreaming,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Imports a file of mandates: CSV (text/csv), JSON Lines (application/x-ndjson) or JSON (application/json: the
   * sample's `{ "entries": [...] }` or an array). The body is streamed to disk, whatever its size. With
   * `Accept: application/x-ndjson` the answer streams too: one line per row as it is decided, progress lines, and a
   * summary last; otherwise one JSON report at the end.
   */
  @Post()
  @ApiOperation({ summary: 'Import a file of mandates (dry run or commit)' })
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/json')
  @Allow('mandate:register')
  @ApiOkResponse({ type: ImportReportResponse })
  @ApiBadRequestResponse({ description: 'The file is malformed (nothing is registered), or a header is invalid' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than IMPORT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not CSV, JSON Lines or JSON in UTF-8' })
  async import(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: ImportQuery,
    @Command() meta: CommandMeta,
  ): Promise<void> {
    await this.imports.importRequest(req, res, query.mode, meta, this.config.IMPORT_MAX_BYTES);
  }
}
