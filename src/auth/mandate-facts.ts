import { Injectable } from '@nestjs/common';
import { MandatesService } from '../mandates/mandates.service';
import { MandateFacts } from './policy.guard';

/** The policy's questions about a mandate, answered from its workflow (not the read model, which may lag). */
@Injectable()
export class WorkflowMandateFacts extends MandateFacts {
  constructor(private readonly mandates: MandatesService) {
    super();
  }

  async dependencyIdOf(mandateId: string): Promise<string | undefined> {
    return (await this.mandates.state(mandateId)).assignee?.dependencyId;
  }

  async submitterOf(mandateId: string, reportId: string): Promise<string | undefined> {
    const events = await this.mandates.events(mandateId, 0);
    const submitted = events.filter((e) => e.type === 'ProgressReportSubmitted' && e.data.reportId === reportId);
    return submitted[submitted.length - 1]?.actor;
  }
}
