import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/decorators';
import { ReadModelHealthIndicator } from './read-model.health';
import { TemporalHealthIndicator } from './temporal.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
    private readonly readModel: ReadModelHealthIndicator,
  ) {}

  /**
   * 200 when Temporal and PostgreSQL answer and the read model's schema is at the latest migration this build
   * knows; 503 naming what is not.
   */
  @Get()
  @ApiOperation({ summary: 'Whether Temporal, PostgreSQL and the read model answer' })
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.temporal.isHealthy('temporal'),
      () => this.database.pingCheck('postgres'),
      () => this.readModel.isHealthy('readModel'),
    ]);
  }
}
