import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json';
import {
  buildExport,
  EXPORT_FORMAT,
  hashChain,
  type MandateExport,
  serializeExport,
  UnreadableAuditFile,
  verifyExport,
} from './export';
import type { HistoryJson } from './history-events';
import { fingerprintOf, loadKeyring, publicKeyPem, trustedKey } from './signing-key';

const history = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'histories', 'v1', 'lifecycle.json'), 'utf8'),
) as HistoryJson;
const service = generateKeyPairSync('ed25519');
const forger = generateKeyPairSync('ed25519');
const trusted = [trustedKey(service.publicKey)];

const exportSignedWith = (key: KeyObject) =>
  buildExport(
    'replay-lifecycle',
    'mandate:replay-lifecycle',
    [{ runId: 'run-1', history }],
    key,
    new Date('2027-03-01T12:00:00Z'),
  );
const file = exportSignedWith(service.privateKey);
const text = serializeExport(file);
const edited = (change: (f: MandateExport & Record<string, unknown>) => void) => {
  const copy = JSON.parse(text) as MandateExport & Record<string, unknown>;
  change(copy);
  return serializeExport(copy);
};

describe(verifyExport.name, () => {
  it('finds an export intact, naming the key that signed it, with the domain events its history holds', () => {
    expect(verifyExport(text, trusted)).toMatchObject({
      intact: true,
      format: EXPORT_FORMAT,
      runs: 1,
      signedBy: fingerprintOf(service.publicKey),
    });
    expect(file.signature).toMatchObject({ algorithm: 'Ed25519', keyFingerprint: fingerprintOf(service.publicKey) });
    expect(file.manifest.events.map((e) => e.sequence)).toEqual(file.manifest.events.map((_, i) => i + 1));
    expect(file.manifest.events[0]).toMatchObject({ type: 'MandateRegistered', runId: 'run-1' });
    expect(file.manifest.events.length).toBeGreaterThanOrEqual(9);
  });

  it('says that it checks integrity, not determinism', () => {
    expect(verifyExport(text, trusted).checked).toMatch(/^integrity: .*not determinism/);
  });

  it('catches a one-byte change anywhere in the file', () => {
    const bytes = Buffer.from(text);
    const positions = Array.from({ length: 400 }, (_, i) => Math.floor((i * bytes.length) / 400));
    for (const at of positions) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
      let intact: boolean;
      try {
        intact = verifyExport(changed.toString('utf8'), trusted).intact;
      } catch (err) {
        intact = !(err instanceof UnreadableAuditFile);
      }
      expect({ at, intact }).toEqual({ at, intact: false });
    }
  });

  it('refuses a field that is not in the format, at the top level or inside the manifest or signature', () => {
    expect(
      verifyExport(
        edited((f) => (f.note = 'added later')),
        trusted,
      ),
    ).toMatchObject({
      intact: false,
      problem: expect.stringMatching(/does not follow .*the top level: .*note/) as unknown,
    });
    expect(
      verifyExport(
        edited((f) => Object.assign(f.manifest, { approvedBy: 'x' })),
        trusted,
      ),
    ).toMatchObject({
      intact: false,
      problem: expect.stringContaining('manifest') as unknown,
    });
    expect(
      verifyExport(
        edited((f) => Object.assign(f.signature, { comment: 'x' })),
        trusted,
      ),
    ).toMatchObject({
      intact: false,
      problem: expect.stringContaining('signature') as unknown,
    });
  });

  it('refuses any algorithm but Ed25519, "none" included', () => {
    for (const algorithm of ['none', 'HS256', 'ed25519']) {
      const verdict = verifyExport(
        edited((f) => ((f.signature as { algorithm: string }).algorithm = algorithm)),
        trusted,
      );
      expect(verdict).toMatchObject({ intact: false, problem: expect.stringContaining(algorithm) as unknown });
    }
  });

  it('names the first event that differs when an event was edited', () => {
    const changed = edited((f) => (f.manifest.events[2].actor = 'someone.else'));
    expect(verifyExport(changed, trusted)).toMatchObject({ intact: false, firstDifferingSequence: 3 });
  });

  it('catches an edit whose chain, digests and head were all recomputed: the signature no longer matches', () => {
    const forged = edited((f) => {
      const scheduled = f.histories[0].events.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'projectMandate',
      )!.activityTaskScheduledEventAttributes!.input!.payloads![0];
      const input = JSON.parse(Buffer.from(scheduled.data!, 'base64').toString()) as { events: { actor: string }[] };
      input.events[0].actor = 'forger';
      scheduled.data = Buffer.from(JSON.stringify(input)).toString('base64');
      f.manifest.events[0].actor = 'forger';
      f.manifest.chain = hashChain(f.manifest.mandateId, f.manifest.events);
      f.manifest.head = f.manifest.chain[f.manifest.chain.length - 1].hash;
      f.manifest.runs[0].sha256 = createHash('sha256').update(canonicalJson(f.histories[0])).digest('hex');
    });
    expect(verifyExport(forged, trusted)).toMatchObject({
      intact: false,
      problem: expect.stringMatching(/^the signature does not match the trusted key/) as unknown,
    });
  });

  describe('never trusts a key the file carries', () => {
    it('needs a trusted key to verify at all', () => {
      expect(() => verifyExport(text, [])).toThrow('trusted key');
    });

    it('refuses an export re-signed with another key, under that key’s own name', () => {
      const swapped = serializeExport(exportSignedWith(forger.privateKey));
      expect(verifyExport(swapped, trusted)).toMatchObject({
        intact: false,
        problem: `the file is signed with key ${fingerprintOf(forger.publicKey)}, which is not a trusted key`,
      });
    });

    it('refuses an export re-signed with another key that names the trusted one', () => {
      const resigned = exportSignedWith(forger.privateKey);
      const claimingService = serializeExport({
        ...resigned,
        signature: { ...resigned.signature, keyFingerprint: file.signature.keyFingerprint },
      });
      expect(verifyExport(claimingService, trusted)).toMatchObject({
        intact: false,
        problem: expect.stringContaining('is not the key it names') as unknown,
      });
      const carryingService = serializeExport({
        ...resigned,
        signature: { ...file.signature, value: resigned.signature.value },
      });
      expect(verifyExport(carryingService, trusted)).toMatchObject({
        intact: false,
        problem: expect.stringMatching(/^the signature does not match/) as unknown,
      });
    });

    it('accepts a fingerprint pinned out of band, and only the one pinned', () => {
      expect(verifyExport(text, [{ fingerprint: fingerprintOf(service.publicKey) }])).toMatchObject({
        intact: true,
        keyStatus: 'trusted',
      });
      expect(verifyExport(text, [{ fingerprint: fingerprintOf(forger.publicKey) }])).toMatchObject({
        intact: false,
      });
    });

    it('computes fingerprints as SHA-256 of the DER public key, as openssl would', () => {
      const der = service.publicKey.export({ type: 'spki', format: 'der' });
      expect(fingerprintOf(service.publicKey)).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
      expect(fingerprintOf(service.privateKey)).toBe(fingerprintOf(service.publicKey));
    });
  });

  describe('key rotation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-keys-'));
    const next = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'next.pem'), next.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const retiredDir = join(dir, 'retired');
    mkdirSync(retiredDir);
    writeFileSync(join(retiredDir, '2027-01.pem'), publicKeyPem(service.publicKey));

    it('keeps verifying exports signed with a retired key, and signs new ones with the current key', () => {
      const keyring = loadKeyring(join(dir, 'next.pem'), retiredDir);
      expect(keyring.keys.map((k) => k.status)).toEqual(['current', 'retired']);
      expect(verifyExport(text, keyring.keys)).toMatchObject({
        intact: true,
        signedBy: fingerprintOf(service.publicKey),
        keyStatus: 'retired',
      });
      const fresh = serializeExport(exportSignedWith(keyring.signingKey));
      expect(verifyExport(fresh, keyring.keys)).toMatchObject({
        intact: true,
        signedBy: fingerprintOf(next.publicKey),
        keyStatus: 'current',
      });
    });

    it('no longer verifies an old export once its key is taken out of the retired folder', () => {
      const keyring = loadKeyring(join(dir, 'next.pem'));
      expect(verifyExport(text, keyring.keys)).toMatchObject({ intact: false });
    });
  });

  describe('what it cannot check at all', () => {
    it.each([
      ['', 'the file is empty'],
      ['{"format": "mandate-tracker-export/2"', 'the file is not JSON'],
      ['[1, 2]', 'not a JSON object'],
      ['{"events": []}', 'it has no "format"'],
      ['{"format": "mandate-tracker-export/9"}', 'unsupported format "mandate-tracker-export/9"'],
    ])('%j: %s', (body, message) => {
      expect(() => verifyExport(body, trusted)).toThrow(UnreadableAuditFile);
      expect(() => verifyExport(body, trusted)).toThrow(message);
    });

    it('answers a mandate-tracker-export/1 file with "unsupported format" and what to do', () => {
      const v1 = edited((f) => ((f as { format: string }).format = 'mandate-tracker-export/1'));
      expect(() => verifyExport(v1, trusted)).toThrow(
        /unsupported format mandate-tracker-export\/1.*export the mandate again/,
      );
    });

    it('finds a damaged export of the right format not intact, saying what is wrong', () => {
      expect(
        verifyExport(
          edited((f) => ((f as { histories: unknown }).histories = 'gone')),
          trusted,
        ),
      ).toMatchObject({
        intact: false,
        problem: expect.stringContaining('histories') as unknown,
      });
      expect(verifyExport(`{"format":"${EXPORT_FORMAT}"}`, trusted)).toMatchObject({ intact: false });
    });
  });
});
