import {
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  type RawBodyRequest,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Allow } from '../auth/decorators';
import { MandateHistories } from '../mandates/mandate-histories.service';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { MandatesService } from '../mandates/mandates.service';
import { AuditExportService } from './audit-export.service';
import { AsOfQuery } from './dto/as-of.query';
import type { Verdict } from './export';
import { type ReplayReport, replayHistories } from './replay';

function rawText(req: RawBodyRequest<Request>): string {
  return req.rawBody?.toString('utf8') ?? '';
}

@ApiTags('audit')
@Controller()
export class AuditFilesController {
  constructor(
    private readonly exports: AuditExportService,
    private readonly mandates: MandatesService,
    private readonly histories: MandateHistories,
  ) {}

  /** The mandate's raw Temporal histories and a signed manifest (hash chain over its domain events). */
  @Get('mandates/:id/export')
  @Allow('audit:export')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'A mandate-tracker-export/1 file: keep it byte for byte' })
  export(@Param('id', MandateIdPipe) id: string): Promise<string> {
    return this.exports.export(id);
  }

  /** One ordered history of the mandate's domain events, across its runs, with where each came from. */
  @Get('mandates/:id/history')
  @Allow('audit:history')
  @ApiOkResponse({
    description: 'Domain events with sequence, type, actor, time, reason, data, runId and historyEventId',
  })
  async history(@Param('id', MandateIdPipe) id: string): Promise<Record<string, unknown>[]> {
    const events = await this.histories.events(id, await this.mandates.events(id, 0));
    return events.map((e) => ({ ...e, reason: (e.data as { reason?: string }).reason }));
  }

  /** The public key exports are signed with, for auditors to verify them offline. */
  @Get('audit/public-key')
  @Allow('audit:verify')
  @Header('Content-Type', 'application/x-pem-file')
  publicKey(): string {
    return this.exports.publicKey();
  }

  /** Whether an export is intact, against this service's key; if not, what differs first. */
  @Post('audit/verify')
  @Allow('audit:verify')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/json')
  @ApiBody({ description: 'An export file, exactly as downloaded' })
  verify(@Req() req: RawBodyRequest<Request>): Verdict {
    return this.exports.verify(rawText(req));
  }

  /** Replays an export (or a `temporal workflow show --output json` history) against the current code. */
  @Post('audit/replay')
  @Allow('audit:verify')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/json')
  @ApiBody({ description: 'An export file or a workflow history in JSON' })
  replay(@Req() req: RawBodyRequest<Request>, @Query() query: AsOfQuery): Promise<ReplayReport> {
    const asOf = query.sequence !== undefined ? { sequence: query.sequence } : query.at ? { at: query.at } : undefined;
    return replayHistories(JSON.parse(rawText(req)) as unknown, asOf);
  }
}
