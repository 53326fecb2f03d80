import { Injectable } from '@nestjs/common';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { MandateHistories } from '../mandates/mandate-histories.service';
import { AuditKeys } from './audit-keys.service';
import { buildExport, serializeExport } from './export';

/** Exports a mandate's raw Temporal histories with a manifest, signed with the current key. */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly histories: MandateHistories,
    private readonly keys: AuditKeys,
  ) {}

  async export(mandateId: string): Promise<string> {
    const signingKey = this.keys.signing();
    const runs = await this.histories.runs(mandateId);
    return serializeExport(buildExport(mandateId, mandateWorkflowId(mandateId), runs, signingKey, new Date()));
  }
}
