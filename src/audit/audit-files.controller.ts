import { Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Allow } from '../auth/decorators';
import { MandateHistories } from '../mandates/mandate-histories.service';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { MandatesService } from '../mandates/mandates.service';
import { AuditChecks } from './audit-checks.service';
import { AuditExportService } from './audit-export.service';
import { AuditKeys, type PublishedKey } from './audit-keys.service';
import { AsOfQuery } from './dto/as-of.query';
import { EXPORT_FORMAT, type Verdict } from './export';
import type { ReplayReport } from './replay';

/** The body as bytes (see useAuditBodies); undefined when the request had none. */
const bodyOf = (req: Request) => req.body as Buffer | undefined;

@ApiTags('audit')
@Controller()
export class AuditFilesController {
  constructor(
    private readonly exports: AuditExportService,
    private readonly checks: AuditChecks,
    private readonly keys: AuditKeys,
    private readonly mandates: MandatesService,
    private readonly histories: MandateHistories,
  ) {}

  /** The mandate's raw Temporal histories and a manifest (hash chain over its domain events), all signed. */
  @Get('mandates/:id/export')
  @ApiOperation({ summary: "A mandate's signed export" })
  @Allow('audit:export')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: `A ${EXPORT_FORMAT} file: keep it byte for byte` })
  export(@Param('id', MandateIdPipe) id: string): Promise<string> {
    return this.exports.export(id);
  }

  /** One ordered history of the mandate's domain events, across its runs, with where each came from. */
  @Get('mandates/:id/history')
  @ApiOperation({ summary: "A mandate's history across its runs" })
  @Allow('audit:history')
  @ApiOkResponse({
    description: 'Domain events with sequence, type, actor, time, reason, data, runId and historyEventId',
  })
  async history(@Param('id', MandateIdPipe) id: string): Promise<Record<string, unknown>[]> {
    const events = await this.histories.events(id, await this.mandates.events(id, 0));
    return events.map((e) => ({ ...e, reason: (e.data as { reason?: string }).reason }));
  }

  /** The current signing key and the retired ones, with the fingerprints an export names (pin them). */
  @Get('audit/keys')
  @ApiOperation({ summary: 'The trusted export signing keys' })
  @Allow('audit:verify')
  @ApiOkResponse({ description: 'Keys by fingerprint (sha256 of the DER public key), status and PEM' })
  keyList(): { keys: PublishedKey[] } {
    return { keys: this.keys.published() };
  }

  /** The current signing key's public half (PEM). */
  @Get('audit/public-key')
  @ApiOperation({ summary: 'The export signing public key' })
  @Allow('audit:verify')
  @Header('Content-Type', 'application/x-pem-file')
  publicKey(): string {
    return this.keys.currentPublicKey();
  }

  /** Integrity: whether an export is exactly as this service signed it (current or retired key). */
  @Post('audit/verify')
  @ApiOperation({ summary: 'Verify a signed export' })
  @Allow('audit:verify')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/json')
  @ApiBody({ description: 'An export file, exactly as downloaded' })
  @ApiBadRequestResponse({ description: 'Empty, not JSON, or not an export of a format this service reads' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than AUDIT_MAX_BODY_BYTES' })
  @ApiServiceUnavailableResponse({ description: 'Every replay thread busy (Retry-After)' })
  verify(@Req() req: Request): Promise<Verdict> {
    return this.checks.verify(bodyOf(req));
  }

  /** Determinism: replays an export (or a `temporal workflow show --output json` history) against this code. */
  @Post('audit/replay')
  @ApiOperation({ summary: 'Replay a history with the current workflow code' })
  @Allow('audit:verify')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/json')
  @ApiBody({ description: 'An export file or a workflow history in JSON' })
  @ApiBadRequestResponse({ description: 'Empty, not JSON, or neither an export nor a workflow history' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than AUDIT_MAX_BODY_BYTES' })
  @ApiServiceUnavailableResponse({ description: 'Every replay thread busy (Retry-After)' })
  replay(@Req() req: Request, @Query() query: AsOfQuery): Promise<ReplayReport> {
    return this.checks.replay(bodyOf(req), query.asOf());
  }
}
