import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { Allow } from '../auth/decorators';
import { Command } from '../mandates/command-meta.decorator';
import { ReadModelJobResponse } from './read-model-job.response';
import { ReadModelJobs } from './read-model-jobs';

function found<T>(job: T | undefined, what: string): T {
  if (!job) throw new NotFoundException(`no ${what} has run since this API started`);
  return job;
}

/** The administrator's routes over the read model: rebuild it from the histories, check it for drift. */
@ApiTags('administration')
@Controller('admin/read-model')
export class ReadModelController {
  constructor(private readonly jobs: ReadModelJobs) {}

  /** Rebuilds the read model from every mandate's history into fresh tables, swapped in at the end (202). */
  @Post('rebuild')
  @ApiOperation({ summary: 'Rebuild the read model from the histories' })
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow('operations:rebuild-read-model')
  @ApiAcceptedResponse({ type: ReadModelJobResponse })
  @ApiConflictResponse({ description: 'A rebuild is running' })
  rebuild(@Command() meta: CommandMeta): ReadModelJobResponse {
    return this.jobs.startRebuild(meta.actor);
  }

  /** The rebuild under way or the last one: its phase, progress and report. */
  @Get('rebuild')
  @ApiOperation({ summary: 'The rebuild under way, or the last one' })
  @Allow('operations:rebuild-read-model')
  @ApiOkResponse({ type: ReadModelJobResponse })
  rebuildStatus(): ReadModelJobResponse {
    return found(this.jobs.rebuild(), 'rebuild');
  }

  /** Compares every mandate's row with its workflow's state, from its histories (202; the report when done). */
  @Post('drift')
  @ApiOperation({ summary: 'Check the read model against the workflows' })
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow('operations:rebuild-read-model')
  @ApiAcceptedResponse({ type: ReadModelJobResponse })
  @ApiConflictResponse({ description: 'A drift check is running' })
  drift(@Command() meta: CommandMeta): ReadModelJobResponse {
    return this.jobs.startDriftCheck(meta.actor);
  }

  @Get('drift')
  @ApiOperation({ summary: 'The drift check under way, or the last one' })
  @Allow('operations:rebuild-read-model')
  @ApiOkResponse({ type: ReadModelJobResponse })
  driftStatus(): ReadModelJobResponse {
    return found(this.jobs.drift(), 'drift check');
  }
}
