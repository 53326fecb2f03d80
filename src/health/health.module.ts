import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadModelHealthIndicator } from './read-model.health';
import { TemporalHealthIndicator } from './temporal.health';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [TemporalHealthIndicator, ReadModelHealthIndicator],
  exports: [ReadModelHealthIndicator],
})
export class HealthModule {}
