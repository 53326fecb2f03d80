import { Inject, Injectable, Logger, type OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { TrustedKeyPem } from './audit-thread';
import { SIGNATURE_ALGORITHM } from './export';
import { type AuditKeyring, loadKeyring, publicKeyPem } from './signing-key';

export interface PublishedKey {
  fingerprint: string;
  status: 'current' | 'retired';
  algorithm: typeof SIGNATURE_ALGORITHM;
  publicKey: string;
}

/**
 * The keys exports are signed and verified with: the current signing key and the retired ones' public halves.
 * Their fingerprints are published (startup log, GET /audit/keys) for auditors to pin out of band.
 */
@Injectable()
export class AuditKeys implements OnModuleInit {
  private readonly logger = new Logger(AuditKeys.name);
  private keyring?: AuditKeyring;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.AUDIT_SIGNING_KEY_FILE) {
      this.logger.warn('AUDIT_SIGNING_KEY_FILE is not set: exports and verification answer 503');
      return;
    }
    this.keyring = loadKeyring(this.config.AUDIT_SIGNING_KEY_FILE, this.config.AUDIT_RETIRED_PUBLIC_KEYS_DIR);
    this.logger.log(`Audit exports are signed with ${SIGNATURE_ALGORITHM} key ${this.keyring.fingerprint}`);
    for (const key of this.keyring.keys.filter((k) => k.status === 'retired')) {
      this.logger.log(`Exports signed with retired key ${key.fingerprint} still verify`);
    }
  }

  private ring(): AuditKeyring {
    if (!this.keyring) {
      throw new ServiceUnavailableException('audit keys are not configured (AUDIT_SIGNING_KEY_FILE is not set)');
    }
    return this.keyring;
  }

  signing(): AuditKeyring['signingKey'] {
    return this.ring().signingKey;
  }

  /** Every key an export may be signed with, as the replay threads take them. */
  trusted(): TrustedKeyPem[] {
    return this.ring().keys.map(({ publicKey, ...key }) => ({ ...key, publicKeyPem: publicKeyPem(publicKey!) }));
  }

  published(): PublishedKey[] {
    return this.ring().keys.map((key) => ({
      fingerprint: key.fingerprint,
      status: key.status ?? 'retired',
      algorithm: SIGNATURE_ALGORITHM,
      publicKey: publicKeyPem(key.publicKey!),
    }));
  }

  currentPublicKey(): string {
    return publicKeyPem(this.signing());
  }
}
