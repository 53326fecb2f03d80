import { Inject, Injectable, type OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { AppConfig } from '../config/app-config';
import { MandateHistories } from '../mandates/mandate-histories.service';
import { buildExport, type MandateExport, serializeExport, verifyExport, type Verdict } from './export';
import { loadSigningKey, publicKeyPem } from './signing-key';

/** Exports a mandate's raw Temporal histories with a signed manifest, and checks exports. */
@Injectable()
export class AuditExportService implements OnModuleInit {
  private key?: KeyObject;

  constructor(
    private readonly histories: MandateHistories,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.AUDIT_SIGNING_KEY_FILE) this.key = loadSigningKey(this.config.AUDIT_SIGNING_KEY_FILE);
  }

  private signingKey(): KeyObject {
    if (!this.key) {
      throw new ServiceUnavailableException('exports are signed with AUDIT_SIGNING_KEY_FILE, which is not set');
    }
    return this.key;
  }

  publicKey(): string {
    return publicKeyPem(this.signingKey());
  }

  async export(mandateId: string): Promise<string> {
    const file: MandateExport = buildExport(
      mandateId,
      mandateWorkflowId(mandateId),
      await this.histories.runs(mandateId),
      this.signingKey(),
      new Date(),
    );
    return serializeExport(file);
  }

  verify(text: string): Verdict {
    return verifyExport(text, this.publicKey());
  }
}
