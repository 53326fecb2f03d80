import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    try {
      await this.client.workflowService.getSystemInfo({});
      return indicator.up();
    } catch {
      // The error names hosts and ports: the caller learns only that Temporal does not answer.
      return indicator.down({ message: 'Temporal does not answer' });
    }
  }
}
