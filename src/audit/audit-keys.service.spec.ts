import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { AuditKeys } from './audit-keys.service';
import { fingerprintOf } from './signing-key';

describe(AuditKeys.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-keys-'));
  const current = generateKeyPairSync('ed25519');
  const retired = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'current.pem'), current.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  mkdirSync(join(dir, 'retired'));
  writeFileSync(join(dir, 'retired', 'old.pem'), retired.publicKey.export({ type: 'spki', format: 'pem' }));

  it('logs the fingerprints at startup and publishes the current and retired keys', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const keys = new AuditKeys(
      loadConfig({
        AUDIT_SIGNING_KEY_FILE: join(dir, 'current.pem'),
        AUDIT_RETIRED_PUBLIC_KEYS_DIR: join(dir, 'retired'),
      }),
    );
    keys.onModuleInit();
    const lines = log.mock.calls.map(([message]) => String(message));
    log.mockRestore();
    expect(lines).toContain(`Audit exports are signed with Ed25519 key ${fingerprintOf(current.publicKey)}`);
    expect(lines).toContain(`Exports signed with retired key ${fingerprintOf(retired.publicKey)} still verify`);
    expect(keys.published().map((k) => [k.status, k.fingerprint])).toEqual([
      ['current', fingerprintOf(current.publicKey)],
      ['retired', fingerprintOf(retired.publicKey)],
    ]);
  });

  it('answers 503 when no signing key is configured', () => {
    const keys = new AuditKeys(loadConfig({}));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    keys.onModuleInit();
    expect(() => keys.published()).toThrow('AUDIT_SIGNING_KEY_FILE');
  });
});
