import { Inject, Injectable, Logger, type OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import { fieldErrors } from '../common/validation';
import type { AsOf } from './as-of';
import { AuditKeys } from './audit-keys.service';
import { AuditPool, AuditPoolBusy, UnreadableAuditBody } from './audit-pool';
import type { Verdict } from './export';
import type { ReplayReport } from './replay';

/** Verifies and replays files that auditors send, in a bounded pool of threads off the request thread. */
@Injectable()
export class AuditChecks implements OnModuleDestroy {
  private readonly logger = new Logger(AuditChecks.name);
  private readonly pool: AuditPool;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly keys: AuditKeys,
  ) {
    this.pool = new AuditPool({ threads: config.AUDIT_REPLAY_THREADS, queue: config.AUDIT_REPLAY_QUEUE });
  }

  verify(body: Buffer | undefined): Promise<Verdict> {
    const trusted = this.keys.trusted();
    return this.inPool(body, (bytes) => this.pool.verify(bytes, trusted));
  }

  replay(body: Buffer | undefined, asOf?: AsOf): Promise<ReplayReport> {
    return this.inPool(body, (bytes) => this.pool.replay(bytes, asOf));
  }

  private async inPool<T>(body: Buffer | undefined, work: (bytes: Uint8Array) => Promise<T>): Promise<T> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw fieldErrors([{ field: 'body', errors: ['the body is empty: send the file itself'] }]);
    }
    try {
      return await work(body);
    } catch (err) {
      if (err instanceof UnreadableAuditBody)
        throw fieldErrors([{ field: 'body', errors: [err.problem] }], err.problem);
      if (err instanceof AuditPoolBusy) throw new TemporarilyUnavailable(err.message, err.retryAfterSeconds);
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      throw new ServiceUnavailableException('audit replays are unavailable right now');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
